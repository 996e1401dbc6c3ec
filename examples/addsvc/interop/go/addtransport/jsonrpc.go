package addtransport

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/go-kit/kit/log"
	"github.com/go-kit/kit/transport/http/jsonrpc"

	"kitinterop/addendpoint"
)

// JSON-RPC transport (go-kit transport/http/jsonrpc), methods "sum" and
// "concat", served on any path of its own listener.
//
// go-kit 0.10 quirk reproduced on purpose: the result encoder marshals the
// whole response struct, whose Err field is `json:"-"`, and the 0.10 server
// never consults endpoint.Failer. A business error therefore comes back as
// a normal result with the zero value, e.g. {"v":0} or {"v":""}.

// NewJSONRPCHandler returns the go-kit JSON-RPC server.
func NewJSONRPCHandler(eps addendpoint.Endpoints, logger log.Logger) *jsonrpc.Server {
	codecs := jsonrpc.EndpointCodecMap{
		"sum": {
			Endpoint: eps.Sum,
			Decode:   decodeRPCParams(func() interface{} { return &addendpoint.SumRequest{} }, "sum"),
			Encode:   encodeRPCResult,
		},
		"concat": {
			Endpoint: eps.Concat,
			Decode:   decodeRPCParams(func() interface{} { return &addendpoint.ConcatRequest{} }, "concat"),
			Encode:   encodeRPCResult,
		},
	}
	return jsonrpc.NewServer(codecs, jsonrpc.ServerErrorLogger(logger))
}

func decodeRPCParams(newReq func() interface{}, name string) jsonrpc.DecodeRequestFunc {
	return func(_ context.Context, params json.RawMessage) (interface{}, error) {
		req := newReq()
		if err := json.Unmarshal(params, req); err != nil {
			return nil, &jsonrpc.Error{
				Code:    -32000,
				Message: fmt.Sprintf("couldn't unmarshal body to %s request: %s", name, err),
			}
		}
		switch v := req.(type) {
		case *addendpoint.SumRequest:
			return *v, nil
		case *addendpoint.ConcatRequest:
			return *v, nil
		}
		return req, nil
	}
}

func encodeRPCResult(_ context.Context, response interface{}) (json.RawMessage, error) {
	b, err := json.Marshal(response)
	if err != nil {
		return nil, fmt.Errorf("couldn't marshal response: %s", err)
	}
	return b, nil
}

// NewJSONRPCClientEndpoints builds go-kit JSON-RPC client endpoints. The
// 0.10 client sends {"jsonrpc":"","method":...,"params":{"A":..,"B":..},
// "id":N} with N counting from 0 per method client.
func NewJSONRPCClientEndpoints(instance string) (addendpoint.Endpoints, error) {
	if !strings.HasPrefix(instance, "http") {
		instance = "http://" + instance
	}
	u, err := url.Parse(instance)
	if err != nil {
		return addendpoint.Endpoints{}, err
	}
	return addendpoint.Endpoints{
		Sum: jsonrpc.NewClient(u, "sum",
			jsonrpc.ClientRequestEncoder(encodeRPCParams),
			jsonrpc.ClientResponseDecoder(decodeRPCResult(func() interface{} { return &addendpoint.SumResponse{} })),
		).Endpoint(),
		Concat: jsonrpc.NewClient(u, "concat",
			jsonrpc.ClientRequestEncoder(encodeRPCParams),
			jsonrpc.ClientResponseDecoder(decodeRPCResult(func() interface{} { return &addendpoint.ConcatResponse{} })),
		).Endpoint(),
	}, nil
}

func encodeRPCParams(_ context.Context, request interface{}) (json.RawMessage, error) {
	b, err := json.Marshal(request)
	if err != nil {
		return nil, fmt.Errorf("couldn't marshal request: %s", err)
	}
	return b, nil
}

func decodeRPCResult(newResp func() interface{}) jsonrpc.DecodeResponseFunc {
	return func(_ context.Context, res jsonrpc.Response) (interface{}, error) {
		if res.Error != nil {
			return nil, *res.Error
		}
		resp := newResp()
		if err := json.Unmarshal(res.Result, resp); err != nil {
			return nil, fmt.Errorf("couldn't unmarshal result: %s", err)
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
