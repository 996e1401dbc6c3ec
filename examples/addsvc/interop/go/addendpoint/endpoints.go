// Package addendpoint holds the request/response types and endpoints.
package addendpoint

import (
	"context"
	"time"

	"github.com/go-kit/kit/endpoint"
	"github.com/go-kit/kit/log"
	"github.com/go-kit/kit/ratelimit"
	"golang.org/x/time/rate"

	"kitinterop/addservice"
)

// SumRequest is the transport-neutral Sum request. It deliberately has no
// JSON tags: go-kit's HTTP and JSON-RPC clients therefore send "A" and "B",
// and servers accept any case ("a", "A") because encoding/json matches
// field names case-insensitively.
type SumRequest struct {
	A, B int
}

// SumResponse carries the result; Err is hidden from JSON and surfaced
// through endpoint.Failer instead.
type SumResponse struct {
	V   int   `json:"v"`
	Err error `json:"-"`
}

// Failed implements endpoint.Failer.
func (r SumResponse) Failed() error { return r.Err }

// ConcatRequest is the transport-neutral Concat request (no JSON tags, see
// SumRequest).
type ConcatRequest struct {
	A, B string
}

// ConcatResponse carries the result; Err travels via endpoint.Failer.
type ConcatResponse struct {
	V   string `json:"v"`
	Err error  `json:"-"`
}

// Failed implements endpoint.Failer.
func (r ConcatResponse) Failed() error { return r.Err }

var (
	_ endpoint.Failer = SumResponse{}
	_ endpoint.Failer = ConcatResponse{}
)

// Endpoints groups the two endpoints of the service.
type Endpoints struct {
	Sum    endpoint.Endpoint
	Concat endpoint.Endpoint
}

// Options tunes the server-side endpoint stack.
type Options struct {
	// RateLimit adds go-kit's erroring rate limiters with the example's
	// settings (Sum: 1 req/s burst 1, Concat: 1 req/s burst 100). Off by
	// default because it makes back-to-back test calls fail.
	RateLimit bool
	Logger    log.Logger
}

// MakeServerEndpoints wires the service into endpoints. Business errors are
// returned inside the response value (never as the endpoint error), exactly
// like the go-kit example.
func MakeServerEndpoints(svc addservice.Service, opt Options) Endpoints {
	sum := endpoint.Endpoint(func(ctx context.Context, request interface{}) (interface{}, error) {
		req := request.(SumRequest)
		v, err := svc.Sum(ctx, req.A, req.B)
		return SumResponse{V: v, Err: err}, nil
	})
	concat := endpoint.Endpoint(func(ctx context.Context, request interface{}) (interface{}, error) {
		req := request.(ConcatRequest)
		v, err := svc.Concat(ctx, req.A, req.B)
		return ConcatResponse{V: v, Err: err}, nil
	})
	if opt.RateLimit {
		sum = ratelimit.NewErroringLimiter(rate.NewLimiter(rate.Every(time.Second), 1))(sum)
		concat = ratelimit.NewErroringLimiter(rate.NewLimiter(rate.Limit(1), 100))(concat)
	}
	if opt.Logger != nil {
		sum = logged(log.With(opt.Logger, "method", "Sum"))(sum)
		concat = logged(log.With(opt.Logger, "method", "Concat"))(concat)
	}
	return Endpoints{Sum: sum, Concat: concat}
}

func logged(logger log.Logger) endpoint.Middleware {
	return func(next endpoint.Endpoint) endpoint.Endpoint {
		return func(ctx context.Context, request interface{}) (response interface{}, err error) {
			start := time.Now()
			response, err = next(ctx, request)
			var failed error
			if f, ok := response.(endpoint.Failer); ok {
				failed = f.Failed()
			}
			logger.Log("request", request, "transport_error", err, "business_error", failed, "took", time.Since(start))
			return response, err
		}
	}
}
