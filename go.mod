module github.com/guildhall-platform/guildhall

go 1.26
