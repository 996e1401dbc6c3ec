import { background, KitError } from "@kit/endpoint";
import type { FastifyError, FastifyPluginCallback, RouteOptions } from "fastify";
import { defaultErrorEncoder } from "./error-encoder.js";
import { requireOptions } from "./validate.js";

/**
 * The default request body limit of {@link httpTransport}: 1 MiB.
 *
 * @example
 * await app.register(httpTransport, { routes, bodyLimit: 4 * defaultBodyLimit });
 */
export const defaultBodyLimit = 1024 * 1024;

/**
 * Options for {@link httpTransport}.
 *
 * @example
 * const options: HttpTransportOptions = { routes: [{ method: "POST", url: "/sum", handler }], bodyLimit: 64 * 1024 };
 */
export interface HttpTransportOptions {
  /**
   * The routes to mount: fastify route options, at least `{ method, url, handler }`, the handler
   * usually from {@link createServer} or `createJsonRpcServer`.
   */
  readonly routes: readonly RouteOptions[];
  /**
   * The largest request body accepted, in bytes; a larger one is answered 413. A route's own
   * `bodyLimit` wins. Default: {@link defaultBodyLimit} (1 MiB).
   */
  readonly bodyLimit?: number;
}

const where = "httpTransport";

/**
 * A fastify plugin that mounts kit routes and installs what the JSON helpers need, inside its own
 * encapsulated scope (so the rest of the app keeps fastify's defaults):
 *
 * - a content-type parser that hands every body through raw, as a `Buffer`, whatever its content
 *   type, or none (go-kit's Go client sends none, chunked): the decoder decides what it accepts
 *   (`decodeJSONRequest` answers 415 for a wrong type, 400 for bad JSON), and custom parsers
 *   (say, one keeping int64 as `bigint`) see the exact text;
 * - an error handler that answers fastify's own errors (body too large 413, bad content length
 *   400, ...) as JSON `{"error": message}`, like {@link defaultErrorEncoder};
 * - a not-found handler answering 404 `{"error": "no route for POST /x"}`, for the plugin's
 *   prefix (for the whole app without one), unless one is already set there.
 *
 * Register it once per prefix; pass fastify's `prefix` register option to mount under a path.
 *
 * @throws TypeError when registered with bad options (fastify reports it from `ready()`/`listen()`).
 * @example
 * const app = fastify();
 * await app.register(httpTransport, {
 *   routes: [{ method: "POST", url: "/sum", handler: createServer(sum, decodeJSONRequest(), encodeJSONResponse) }],
 *   bodyLimit: 64 * 1024,
 * });
 * await app.listen({ port: 8080 });
 */
export const httpTransport: FastifyPluginCallback<HttpTransportOptions> = Object.assign(
  function httpTransport(
    app: Parameters<FastifyPluginCallback<HttpTransportOptions>>[0],
    options: HttpTransportOptions,
    done: (err?: Error) => void,
  ): void {
    try {
      requireOptions(where, options);
      const { routes, bodyLimit = defaultBodyLimit } = options;
      if (!Number.isSafeInteger(bodyLimit) || bodyLimit < 1)
        throw new TypeError(`${where}: bodyLimit must be a positive integer, got ${bodyLimit}`);
      if (!Array.isArray(routes)) throw new TypeError(`${where}: routes must be an array`);
      for (const route of routes) checkRoute(route);

      app.removeAllContentTypeParsers();
      // The same parser under the usual type too: fastify caches the parser it finds for a
      // named type, but looks the catch-all up afresh on every request.
      app.addContentTypeParser(
        ["application/json", "*"],
        { parseAs: "buffer", bodyLimit },
        passRaw,
      );
      app.setErrorHandler((err: FastifyError, request, reply) => {
        const status = typeof err.statusCode === "number" ? err.statusCode : 500;
        if (status >= 500) request.log.error({ err }, err.message);
        else request.log.info({ err }, err.message);
        defaultErrorEncoder(background(), err, reply);
      });
      try {
        app.setNotFoundHandler((request, reply) => {
          const method = request.method;
          const path = request.url.split("?", 1)[0];
          defaultErrorEncoder(
            background(),
            new KitError("not_found", `no route for ${method} ${path}`),
            reply,
          );
        });
      } catch {
        // A not-found handler is already set for this prefix: keep it.
      }
      for (const route of routes) app.route({ bodyLimit, ...route });
      done();
    } catch (err) {
      done(err as Error);
    }
  },
  { [Symbol.for("fastify.display-name")]: "@kit/transport-http" },
);

function passRaw(
  _request: unknown,
  body: Buffer | string,
  next: (err: null, body: Buffer | string) => void,
): void {
  next(null, body);
}

function checkRoute(route: unknown): void {
  const r = route as Partial<RouteOptions> | null;
  if (typeof r !== "object" || r === null)
    throw new TypeError(`${where}: each route must be an object`);
  if (typeof r.url !== "string") throw new TypeError(`${where}: route url must be a string`);
  if (typeof r.method !== "string" && !Array.isArray(r.method))
    throw new TypeError(`${where}: route ${r.url} needs a method`);
  if (typeof r.handler !== "function")
    throw new TypeError(`${where}: route ${r.url} needs a handler function`);
}
