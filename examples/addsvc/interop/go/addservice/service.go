// Package addservice holds the business rules of the addsvc interop peer.
// The peer reproduces the wire behaviour of go-kit 0.10's examples/addsvc on
// go-kit 0.10's own transports so the TypeScript @kit addsvc can be tested
// against it. The package names (addservice, addendpoint, addtransport)
// match go-kit's because Go's JSON error texts embed them.
package addservice

import (
	"context"
	"errors"
)

// Service is the business interface. Like go-kit's example it uses Go's int,
// which is 64 bits wide on the platforms we build for.
type Service interface {
	Sum(ctx context.Context, a, b int) (int, error)
	Concat(ctx context.Context, a, b string) (string, error)
}

// Business errors. The texts are part of the wire contract: they appear in
// HTTP error bodies and in the gRPC reply's err field.
var (
	ErrTwoZeroes       = errors.New("can't sum two zeroes")
	ErrIntOverflow     = errors.New("integer overflow")
	ErrMaxSizeExceeded = errors.New("result exceeds maximum size")
)

const (
	// The overflow guard uses 32-bit bounds even though int is 64-bit.
	sumMax = int(^uint32(0) >> 1) // 2147483647
	sumMin = -sumMax - 1          // -2147483648
	// Concat limit, counted in bytes (len of the Go strings), not runes.
	concatMaxBytes = 10
)

type plainService struct{}

// NewService returns the stateless implementation.
func NewService() Service { return plainService{} }

func (plainService) Sum(_ context.Context, a, b int) (int, error) {
	if a == 0 && b == 0 {
		return 0, ErrTwoZeroes
	}
	// Only the side that b's sign can push a across is checked, so e.g.
	// a = 2^53+1, b = 0 is accepted and returned unchanged.
	switch {
	case b > 0 && a > sumMax-b:
		return 0, ErrIntOverflow
	case b < 0 && a < sumMin-b:
		return 0, ErrIntOverflow
	}
	return a + b, nil
}

func (plainService) Concat(_ context.Context, a, b string) (string, error) {
	if len(a)+len(b) > concatMaxBytes {
		return "", ErrMaxSizeExceeded
	}
	return a + b, nil
}
