// Package addtransport binds the endpoints to go-kit 0.10's HTTP, gRPC and
// JSON-RPC transports, server and client side.
package addtransport

import (
	"bytes"
	"context"
	"encoding/json"
	"io/ioutil"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-kit/kit/endpoint"
	"github.com/go-kit/kit/log"
	"github.com/go-kit/kit/transport"
	httptransport "github.com/go-kit/kit/transport/http"

	"kitinterop/addendpoint"
	"kitinterop/addservice"
)

// HTTP transport, go-kit 0.10 addsvc style:
//   POST /sum    body {"A":1,"B":2} (any key case)  -> 200 {"v":3}
//   POST /concat body {"A":"x","B":"y"}             -> 200 {"v":"xy"}
// Business errors -> 400 {"error":"<message>"}; any other error (bad JSON,
// rate limit, ...) -> 500 {"error":"<message>"}. The method is not checked.

// NewHTTPHandler mounts the endpoints on /sum and /concat.
func NewHTTPHandler(eps addendpoint.Endpoints, logger log.Logger) http.Handler {
	opts := []httptransport.ServerOption{
		httptransport.ServerErrorEncoder(encodeHTTPError),
		httptransport.ServerErrorHandler(transport.NewLogErrorHandler(logger)),
	}
	mux := http.NewServeMux()
	mux.Handle("/sum", httptransport.NewServer(eps.Sum, decodeHTTPSum, encodeHTTPResponse, opts...))
	mux.Handle("/concat", httptransport.NewServer(eps.Concat, decodeHTTPConcat, encodeHTTPResponse, opts...))
	return mux
}

func decodeHTTPSum(_ context.Context, r *http.Request) (interface{}, error) {
	var req addendpoint.SumRequest
	err := json.NewDecoder(r.Body).Decode(&req)
	return req, err
}

func decodeHTTPConcat(_ context.Context, r *http.Request) (interface{}, error) {
	var req addendpoint.ConcatRequest
	err := json.NewDecoder(r.Body).Decode(&req)
	return req, err
}

// encodeHTTPResponse writes successes as JSON with an explicit content type;
// failed responses go through the error encoder.
func encodeHTTPResponse(ctx context.Context, w http.ResponseWriter, response interface{}) error {
	if f, ok := response.(endpoint.Failer); ok && f.Failed() != nil {
		encodeHTTPError(ctx, f.Failed(), w)
		return nil
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	return json.NewEncoder(w).Encode(response)
}

// ErrorBody is the JSON shape of every HTTP error answer.
type ErrorBody struct {
	Error string `json:"error"`
}

// encodeHTTPError sets no Content-Type (net/http then sniffs the body, which
// yields text/plain), like the go-kit example.
func encodeHTTPError(_ context.Context, err error, w http.ResponseWriter) {
	w.WriteHeader(statusFor(err))
	json.NewEncoder(w).Encode(ErrorBody{Error: err.Error()})
}

func statusFor(err error) int {
	switch err {
	case addservice.ErrTwoZeroes, addservice.ErrIntOverflow, addservice.ErrMaxSizeExceeded:
		return http.StatusBadRequest
	default:
		return http.StatusInternalServerError
	}
}

// HTTPStatusError is what the client endpoints return for a non-200 answer.
// Its Error() is just the status line text ("400 Bad Request"), which is all
// go-kit's example client reports; Detail keeps the decoded body message so
// that addcli-go can show it too.
type HTTPStatusError struct {
	Status string
	Code   int
	Detail string
}

func (e *HTTPStatusError) Error() string { return e.Status }

// NewHTTPClientEndpoints builds go-kit HTTP client endpoints for an instance
// given as host:port or URL.
func NewHTTPClientEndpoints(instance string, opts ...httptransport.ClientOption) (addendpoint.Endpoints, error) {
	if !strings.HasPrefix(instance, "http") {
		instance = "http://" + instance
	}
	base, err := url.Parse(instance)
	if err != nil {
		return addendpoint.Endpoints{}, err
	}
	at := func(path string) *url.URL { u := *base; u.Path = path; return &u }
	return addendpoint.Endpoints{
		Sum: httptransport.NewClient("POST", at("/sum"), encodeHTTPRequest,
			decodeHTTPReply(func() interface{} { return &addendpoint.SumResponse{} }), opts...).Endpoint(),
		Concat: httptransport.NewClient("POST", at("/concat"), encodeHTTPRequest,
			decodeHTTPReply(func() interface{} { return &addendpoint.ConcatResponse{} }), opts...).Endpoint(),
	}, nil
}

// encodeHTTPRequest JSON-encodes the request into a body of unknown length
// (so net/http sends it chunked) and sets no Content-Type, as go-kit's
// example client does.
func encodeHTTPRequest(_ context.Context, r *http.Request, request interface{}) error {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(request); err != nil {
		return err
	}
	r.Body = ioutil.NopCloser(&buf)
	return nil
}

func decodeHTTPReply(newResp func() interface{}) httptransport.DecodeResponseFunc {
	return func(_ context.Context, r *http.Response) (interface{}, error) {
		if r.StatusCode != http.StatusOK {
			raw, _ := ioutil.ReadAll(r.Body)
			detail := strings.TrimSpace(string(raw))
			var eb ErrorBody
			if json.Unmarshal(raw, &eb) == nil && eb.Error != "" {
				detail = eb.Error
			}
			return nil, &HTTPStatusError{Status: r.Status, Code: r.StatusCode, Detail: detail}
		}
		resp := newResp()
		if err := json.NewDecoder(r.Body).Decode(resp); err != nil {
			return nil, err
		}
		switch v := resp.(type) {
		case *addendpoint.SumResponse:
			return *v, nil
		case *addendpoint.ConcatResponse:
			return *v, nil
		}
		return resp, nil
	}
}
