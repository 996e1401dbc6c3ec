// Command addsvc-go serves the addsvc peer over HTTP, gRPC and JSON-RPC using
// go-kit 0.10 transports. It prints the bound addresses as a single JSON line
// on stdout, then logs (logfmt) to stderr until SIGINT/SIGTERM.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/go-kit/kit/log"
	kitgrpc "github.com/go-kit/kit/transport/grpc"
	"google.golang.org/grpc"

	"kitinterop/addendpoint"
	"kitinterop/addservice"
	"kitinterop/addtransport"
	"kitinterop/pb"
)

func main() {
	fs := flag.NewFlagSet("addsvc-go", flag.ExitOnError)
	httpAddr := fs.String("http-addr", "127.0.0.1:0", "HTTP listen address (empty disables)")
	grpcAddr := fs.String("grpc-addr", "127.0.0.1:0", "gRPC listen address (empty disables)")
	rpcAddr := fs.String("jsonrpc-addr", "127.0.0.1:0", "JSON-RPC listen address (empty disables)")
	limit := fs.Bool("ratelimit", false, "enable go-kit addsvc's endpoint rate limits (Sum 1/s burst 1, Concat 1/s burst 100)")
	quiet := fs.Bool("quiet", false, "do not log requests to stderr")
	fs.Parse(os.Args[1:])

	logger := log.NewLogfmtLogger(log.NewSyncWriter(os.Stderr))
	logger = log.With(logger, "ts", log.DefaultTimestampUTC)
	epLogger := logger
	if *quiet {
		epLogger = nil
	}

	eps := addendpoint.MakeServerEndpoints(addservice.NewService(), addendpoint.Options{RateLimit: *limit, Logger: epLogger})

	bound := map[string]string{}
	errc := make(chan error, 4)
	listen := func(name, addr string) net.Listener {
		if addr == "" {
			return nil
		}
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			fmt.Fprintf(os.Stderr, "addsvc-go: %s listen %s: %v\n", name, addr, err)
			os.Exit(1)
		}
		bound[name] = ln.Addr().String()
		return ln
	}

	if ln := listen("http", *httpAddr); ln != nil {
		h := addtransport.NewHTTPHandler(eps, log.With(logger, "transport", "HTTP"))
		go func() { errc <- http.Serve(ln, h) }()
	}
	if ln := listen("grpc", *grpcAddr); ln != nil {
		srv := grpc.NewServer(grpc.UnaryInterceptor(kitgrpc.Interceptor))
		pb.RegisterAddServer(srv, addtransport.NewGRPCServer(eps, log.With(logger, "transport", "gRPC")))
		go func() { errc <- srv.Serve(ln) }()
	}
	if ln := listen("jsonrpc", *rpcAddr); ln != nil {
		h := addtransport.NewJSONRPCHandler(eps, log.With(logger, "transport", "JSONRPC"))
		go func() { errc <- http.Serve(ln, h) }()
	}
	if len(bound) == 0 {
		fmt.Fprintln(os.Stderr, "addsvc-go: every transport is disabled")
		os.Exit(2)
	}

	line, _ := json.Marshal(bound) // keys sorted: grpc, http, jsonrpc
	os.Stdout.Write(append(line, '\n'))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	select {
	case <-ctx.Done():
		logger.Log("exit", "signal")
	case err := <-errc:
		logger.Log("exit", err)
		os.Exit(1)
	}
}
