// Command addcli-go calls an addsvc over exactly one transport with go-kit
// 0.10 client endpoints and prints one JSON line on stdout:
//
//	{"v":<result>}                      success
//	{"error":"<msg>", ...}              the server answered with an error
//	{"error":"<msg>","transport":true}  no usable answer (exit 1)
//
// Exit status: 0 when the server answered (success or any error answer),
// 1 on transport failure, 2 on usage errors. See README.md.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/go-kit/kit/endpoint"
	"github.com/go-kit/kit/transport/http/jsonrpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"kitinterop/addendpoint"
	"kitinterop/addtransport"
)

func main() {
	fs := flag.NewFlagSet("addcli-go", flag.ContinueOnError)
	httpAddr := fs.String("http-addr", "", "HTTP address of addsvc (host:port or URL)")
	grpcAddr := fs.String("grpc-addr", "", "gRPC address of addsvc (host:port)")
	rpcAddr := fs.String("jsonrpc-addr", "", "JSON-RPC address of addsvc (host:port or URL)")
	method := fs.String("method", "sum", "sum or concat")
	timeout := fs.Duration("timeout", 5*time.Second, "per-call deadline")
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: addcli-go (-http-addr A | -grpc-addr A | -jsonrpc-addr A) [-method sum|concat] [-timeout 5s] <a> <b>")
		fs.PrintDefaults()
	}
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if fs.NArg() != 2 {
		usage(fs, "need exactly two positional arguments")
	}
	set := 0
	for _, a := range []string{*httpAddr, *grpcAddr, *rpcAddr} {
		if a != "" {
			set++
		}
	}
	if set != 1 {
		usage(fs, "give exactly one of -http-addr, -grpc-addr, -jsonrpc-addr")
	}

	var eps addendpoint.Endpoints
	var err error
	switch {
	case *httpAddr != "":
		eps, err = addtransport.NewHTTPClientEndpoints(*httpAddr)
	case *rpcAddr != "":
		eps, err = addtransport.NewJSONRPCClientEndpoints(*rpcAddr)
	default:
		// Non-blocking dial: a refused connection surfaces as an Unavailable
		// status on the call, which we report as a transport failure.
		var conn *grpc.ClientConn
		conn, err = grpc.Dial(*grpcAddr, grpc.WithInsecure())
		if err == nil {
			defer conn.Close()
			eps = addtransport.NewGRPCClientEndpoints(conn)
		}
	}
	if err != nil {
		emit(1, map[string]interface{}{"error": err.Error(), "transport": true})
	}

	var ep endpoint.Endpoint
	var req interface{}
	switch *method {
	case "sum":
		a, errA := strconv.ParseInt(fs.Arg(0), 10, 64)
		b, errB := strconv.ParseInt(fs.Arg(1), 10, 64)
		if errA != nil || errB != nil {
			usage(fs, "sum needs two base-10 int64 arguments")
		}
		ep, req = eps.Sum, addendpoint.SumRequest{A: int(a), B: int(b)}
	case "concat":
		ep, req = eps.Concat, addendpoint.ConcatRequest{A: fs.Arg(0), B: fs.Arg(1)}
	default:
		usage(fs, fmt.Sprintf("unknown method %q", *method))
	}

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	resp, err := ep(ctx, req)
	cancel()
	if err != nil {
		code, out := describe(err)
		emit(code, out)
	}
	if f, ok := resp.(endpoint.Failer); ok && f.Failed() != nil {
		emit(0, map[string]interface{}{"error": f.Failed().Error()})
	}
	switch r := resp.(type) {
	case addendpoint.SumResponse:
		emit(0, map[string]interface{}{"v": r.V})
	case addendpoint.ConcatResponse:
		emit(0, map[string]interface{}{"v": r.V})
	}
	emit(1, map[string]interface{}{"error": fmt.Sprintf("unexpected response %T", resp), "transport": true})
}

// describe classifies an endpoint error: answers from the server exit 0,
// everything else is a transport failure (exit 1).
func describe(err error) (int, map[string]interface{}) {
	var se *addtransport.HTTPStatusError
	if errors.As(err, &se) {
		return 0, map[string]interface{}{"error": se.Error(), "status": se.Code, "detail": se.Detail}
	}
	var re jsonrpc.Error
	if errors.As(err, &re) {
		return 0, map[string]interface{}{"error": re.Error(), "code": re.Code}
	}
	if st, ok := status.FromError(err); ok && st.Code() != codes.OK {
		switch st.Code() {
		case codes.Unavailable, codes.DeadlineExceeded, codes.Canceled:
		default:
			return 0, map[string]interface{}{"error": st.Message(), "grpc_code": st.Code().String()}
		}
	}
	return 1, map[string]interface{}{"error": err.Error(), "transport": true}
}

func emit(code int, v map[string]interface{}) {
	line, _ := json.Marshal(v)
	os.Stdout.Write(append(line, '\n'))
	os.Exit(code)
}

func usage(fs *flag.FlagSet, msg string) {
	fmt.Fprintln(os.Stderr, "addcli-go:", msg)
	fs.Usage()
	os.Exit(2)
}
