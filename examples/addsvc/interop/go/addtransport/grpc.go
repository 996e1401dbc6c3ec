package addtransport

import (
	"context"
	"errors"

	"github.com/go-kit/kit/log"
	"github.com/go-kit/kit/transport"
	grpctransport "github.com/go-kit/kit/transport/grpc"
	"google.golang.org/grpc"

	"kitinterop/addendpoint"
	"kitinterop/pb"
)

// gRPC transport: service pb.Add. Business errors are carried in the
// reply's err string (empty = success) with gRPC status OK; only endpoint
// (non-business) errors become gRPC statuses (code Unknown).

type grpcAdd struct {
	sum, concat grpctransport.Handler
}

// NewGRPCServer adapts the endpoints to the generated pb.AddServer.
func NewGRPCServer(eps addendpoint.Endpoints, logger log.Logger) pb.AddServer {
	opt := grpctransport.ServerErrorHandler(transport.NewLogErrorHandler(logger))
	return &grpcAdd{
		sum:    grpctransport.NewServer(eps.Sum, decodeGRPCSumRequest, encodeGRPCSumReply, opt),
		concat: grpctransport.NewServer(eps.Concat, decodeGRPCConcatRequest, encodeGRPCConcatReply, opt),
	}
}

func (s *grpcAdd) Sum(ctx context.Context, req *pb.SumRequest) (*pb.SumReply, error) {
	_, rep, err := s.sum.ServeGRPC(ctx, req)
	if err != nil {
		return nil, err
	}
	return rep.(*pb.SumReply), nil
}

func (s *grpcAdd) Concat(ctx context.Context, req *pb.ConcatRequest) (*pb.ConcatReply, error) {
	_, rep, err := s.concat.ServeGRPC(ctx, req)
	if err != nil {
		return nil, err
	}
	return rep.(*pb.ConcatReply), nil
}

// NewGRPCClientEndpoints builds go-kit gRPC client endpoints over conn.
func NewGRPCClientEndpoints(conn *grpc.ClientConn) addendpoint.Endpoints {
	return addendpoint.Endpoints{
		Sum: grpctransport.NewClient(conn, "pb.Add", "Sum",
			encodeGRPCSumRequest, decodeGRPCSumReply, pb.SumReply{}).Endpoint(),
		Concat: grpctransport.NewClient(conn, "pb.Add", "Concat",
			encodeGRPCConcatRequest, decodeGRPCConcatReply, pb.ConcatReply{}).Endpoint(),
	}
}

func decodeGRPCSumRequest(_ context.Context, in interface{}) (interface{}, error) {
	r := in.(*pb.SumRequest)
	return addendpoint.SumRequest{A: int(r.A), B: int(r.B)}, nil
}

func decodeGRPCConcatRequest(_ context.Context, in interface{}) (interface{}, error) {
	r := in.(*pb.ConcatRequest)
	return addendpoint.ConcatRequest{A: r.A, B: r.B}, nil
}

func encodeGRPCSumReply(_ context.Context, out interface{}) (interface{}, error) {
	r := out.(addendpoint.SumResponse)
	return &pb.SumReply{V: int64(r.V), Err: errText(r.Err)}, nil
}

func encodeGRPCConcatReply(_ context.Context, out interface{}) (interface{}, error) {
	r := out.(addendpoint.ConcatResponse)
	return &pb.ConcatReply{V: r.V, Err: errText(r.Err)}, nil
}

func encodeGRPCSumRequest(_ context.Context, in interface{}) (interface{}, error) {
	r := in.(addendpoint.SumRequest)
	return &pb.SumRequest{A: int64(r.A), B: int64(r.B)}, nil
}

func encodeGRPCConcatRequest(_ context.Context, in interface{}) (interface{}, error) {
	r := in.(addendpoint.ConcatRequest)
	return &pb.ConcatRequest{A: r.A, B: r.B}, nil
}

func decodeGRPCSumReply(_ context.Context, in interface{}) (interface{}, error) {
	r := in.(*pb.SumReply)
	return addendpoint.SumResponse{V: int(r.V), Err: textErr(r.Err)}, nil
}

func decodeGRPCConcatReply(_ context.Context, in interface{}) (interface{}, error) {
	r := in.(*pb.ConcatReply)
	return addendpoint.ConcatResponse{V: r.V, Err: textErr(r.Err)}, nil
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func textErr(s string) error {
	if s == "" {
		return nil
	}
	return errors.New(s)
}
