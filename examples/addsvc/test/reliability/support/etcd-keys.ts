/**
 * The keys and values under `prefix` in the etcd at `url`, read through etcd's JSON gateway
 * (`POST /v3/kv/range`).
 */
export async function keysUnder(url: string, prefix: string): Promise<Record<string, string>> {
  const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");
  const end = Buffer.from(prefix);
  end[end.length - 1] = (end[end.length - 1] ?? 0) + 1;
  const res = await fetch(`${url}/v3/kv/range`, {
    method: "POST",
    body: JSON.stringify({ key: b64(prefix), range_end: b64(end) }),
  });
  if (!res.ok) throw new Error(`etcd range failed: ${res.status} ${await res.text()}`);
  const { kvs = [] } = (await res.json()) as { kvs?: { key: string; value?: string }[] };
  return Object.fromEntries(
    kvs.map((kv) => [
      Buffer.from(kv.key, "base64").toString(),
      Buffer.from(kv.value ?? "", "base64").toString(),
    ]),
  );
}
