// Package multinode runs the many-node topology on loopback: two real
// guildhall serve processes on one PostgreSQL database, one S3 bucket (an
// in-process S3 server) and one Notify, with and without nginx in front,
// and checks that they behave as one platform.
package multinode
