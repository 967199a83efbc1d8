package audit

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/keyfile"
)

// Key is the audit log's secret, kept in a file outside the database
// (audit.key in the data folder by default). From its 32-byte seed come two
// keys: an HMAC-SHA256 key that chains the entries, so that someone who can
// write to the database but cannot read this file cannot recompute a valid
// chain after changing it; and an Ed25519 key that signs the checkpoints
// exported outside the database.
type Key struct {
	chain []byte
	sign  ed25519.PrivateKey
	id    string
}

// NewKey derives the audit keys from a 32-byte seed.
func NewKey(seed []byte) (*Key, error) {
	if len(seed) != 32 {
		return nil, fmt.Errorf("audit: key must be 32 bytes, got %d", len(seed))
	}
	k := &Key{
		chain: derive(seed, "guildhall audit chain v1"),
		sign:  ed25519.NewKeyFromSeed(derive(seed, "guildhall audit checkpoint v1")),
	}
	sum := sha256.Sum256(k.PublicKey())
	k.id = hex.EncodeToString(sum[:8])
	return k, nil
}

func derive(seed []byte, purpose string) []byte {
	m := hmac.New(sha256.New, seed)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// ID names the key without revealing it (a hash of the public key); the
// database records it, so that starting with another key is refused.
func (k *Key) ID() string { return k.id }

// PublicKey verifies checkpoint signatures; it may be given to a SIEM.
func (k *Key) PublicKey() ed25519.PublicKey { return k.sign.Public().(ed25519.PublicKey) }

// Sum is the keyed hash of e: HMAC-SHA256 (hex) of the same canonical
// encoding Hash uses.
func (k *Key) Sum(e Entry) string {
	m := hmac.New(sha256.New, k.chain)
	m.Write(encode(e))
	return hex.EncodeToString(m.Sum(nil))
}

// Link is the keyed audit.Link: e chained after prev, its Hash the keyed Sum.
func (k *Key) Link(prev, e Entry) Entry {
	e.Seq = prev.Seq + 1
	e.PrevHash = prev.Hash
	e.At = e.At.UTC().Truncate(timePrecision)
	e.Hash = k.Sum(e)
	return e
}

// Keyed reports whether e's stored hash is this key's HMAC of its contents.
func (k *Key) Keyed(e Entry) bool {
	return k != nil && hmac.Equal([]byte(k.Sum(e)), []byte(e.Hash))
}

// ErrNoKey is returned by LoadKey when the key file does not exist.
var ErrNoKey = errors.New("audit: no key file")

// LoadKey reads the key file at path (64 hex digits). Errors: ErrNoKey when
// the file does not exist.
func LoadKey(path string) (*Key, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s", ErrNoKey, path)
	}
	if err != nil {
		return nil, err
	}
	seed, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(seed) != 32 {
		return nil, fmt.Errorf("audit: %s does not hold a 32-byte hex key", path)
	}
	return NewKey(seed)
}

// CreateKey writes a new random key file at path (mode 0600), failing if a
// file is already there.
func CreateKey(path string) (*Key, error) {
	seed := make([]byte, 32)
	if _, err := rand.Read(seed); err != nil {
		return nil, err
	}
	// Durably, as secret.key: an audit key lost in a power cut would leave
	// a keyed log nobody can verify.
	if err := keyfile.Create(path, hex.EncodeToString(seed)+"\n"); err != nil {
		return nil, err
	}
	return NewKey(seed)
}

// signed is the message a checkpoint's signature covers.
func (c Checkpoint) signed() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "guildhall audit checkpoint v1\n%d\n%s\n%d\n%s\n%s", c.Seq, c.Hash, c.Count,
		c.At.UTC().Format(timeLayout), c.KeyID)
	return b.Bytes()
}

// Sign returns c with KeyID and Sig set.
func (k *Key) Sign(c Checkpoint) Checkpoint {
	c.KeyID = k.id
	c.Sig = hex.EncodeToString(ed25519.Sign(k.sign, c.signed()))
	return c
}

// VerifyCheckpoint reports whether c was signed by this key.
func (k *Key) VerifyCheckpoint(c Checkpoint) bool {
	sig, err := hex.DecodeString(c.Sig)
	return err == nil && c.KeyID == k.id && ed25519.Verify(k.PublicKey(), c.signed(), sig)
}
