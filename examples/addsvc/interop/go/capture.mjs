// Records exactly what a client sends: one JSON line per request on stdout.
// Serves HTTP/1.1 (addsvc HTTP and JSON-RPC paths) and cleartext HTTP/2
// (gRPC) on 127.0.0.1 ephemeral ports, prints {"http":..,"grpc":..} first.
// Answers are canned successes so that clients complete normally.
import http from "node:http";
import http2 from "node:http2";

const emit = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);

const h1 = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    emit({
      proto: `HTTP/${req.httpVersion}`,
      method: req.method,
      url: req.url,
      rawHeaders: req.rawHeaders,
      body,
    });
    const concat = req.url === "/concat" || body.includes('"concat"');
    const result = concat ? { v: "abcd" } : { v: 3 };
    let answer = `${JSON.stringify(result)}\n`;
    if (body.includes('"method"')) {
      answer = `${JSON.stringify({ jsonrpc: "2.0", result, id: JSON.parse(body).id })}\n`;
    }
    res.writeHead(200, { "Content-Type": "application/json; charset=utf-8" });
    res.end(answer);
  });
});

const h2 = http2.createServer();
h2.on("stream", (stream, headers) => {
  const chunks = [];
  stream.on("data", (c) => chunks.push(c));
  stream.on("end", () => {
    emit({ proto: "HTTP/2", headers, bodyHex: Buffer.concat(chunks).toString("hex") });
    // SumReply{v: 3}: field 1 varint 3 -> 08 03, in a 5-byte gRPC frame.
    const frame = Buffer.from([0, 0, 0, 0, 2, 0x08, 0x03]);
    stream.respond(
      { ":status": 200, "content-type": "application/grpc" },
      { waitForTrailers: true },
    );
    stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
    stream.end(frame);
  });
});

h1.listen(0, "127.0.0.1", () => {
  h2.listen(0, "127.0.0.1", () => {
    emit({ http: `127.0.0.1:${h1.address().port}`, grpc: `127.0.0.1:${h2.address().port}` });
  });
});
process.on("SIGTERM", () => process.exit(0));
