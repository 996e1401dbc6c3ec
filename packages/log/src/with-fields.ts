import { type Logger, nopLogger } from "@kit/endpoint";
import {
  type Bindable,
  type BindPosition,
  bindFields,
  combine,
  type Fields,
  hasValuer,
  isBindable,
} from "./fields.js";
import { isValuer } from "./valuer.js";

/** Binds fields in front of another logger's records, for loggers that cannot bind them. */
class ContextLogger implements Bindable {
  private readonly dynamic: boolean;
  constructor(
    private readonly inner: Logger,
    private readonly bound: Fields,
  ) {
    this.dynamic = hasValuer(bound);
  }

  log(fields: Fields): void {
    const out: Fields = {};
    const { bound, dynamic } = this;
    for (const key in bound) {
      const v = bound[key];
      out[key] = dynamic && isValuer(v) ? v() : v;
    }
    for (const key in fields) out[key] = fields[key];
    this.inner.log(out);
  }

  [bindFields](fields: Fields, position: BindPosition): Logger {
    return new ContextLogger(this.inner, combine(this.bound, fields, position));
  }
}

function bind(logger: Logger, fields: Fields, position: BindPosition, name: string): Logger {
  if (typeof logger !== "object" || logger === null || typeof logger.log !== "function")
    throw new TypeError(`${name}: logger must have a log(fields) method`);
  if (typeof fields !== "object" || fields === null || Array.isArray(fields))
    throw new TypeError(`${name}: fields must be an object`);
  if (logger === nopLogger) return nopLogger;
  let empty = true;
  for (const _ in fields) {
    empty = false;
    break;
  }
  if (empty) return logger;
  if (isBindable(logger)) {
    const bound = logger[bindFields](fields, position);
    if (bound) return bound;
  }
  return new ContextLogger(logger, { ...fields });
}

/**
 * A logger that adds `fields` to every record, after the fields bound so far and before the
 * record's own (go-kit's `log.With`). A record key that repeats a bound key keeps the bound
 * key's position and the record's value. A {@link Valuer} among `fields` is evaluated per record.
 * `fields` is copied: changing the object later changes nothing.
 *
 * The writers ({@link logfmtLogger}, {@link jsonLogger}) render bound fields once, here, not per
 * record; a {@link levelFilter} passes them to the logger it wraps, so it stays in front.
 * Binding to `nopLogger` gives `nopLogger`. Throws a `TypeError` when `logger` has no `log`
 * method or `fields` is not an object.
 *
 * @example
 * const reqLogger = withFields(logger, { request_id: "r-42" });
 * reqLogger.log({ msg: "start" }); // request_id=r-42 msg=start
 */
export function withFields(logger: Logger, fields: Fields): Logger {
  return bind(logger, fields, "after", "withFields");
}

/**
 * A logger that adds `fields` to every record in front of everything bound so far (go-kit's
 * `log.WithPrefix`): the place for a timestamp, a level or a caller. When a key is bound twice,
 * the field bound earlier, which comes later in the record, wins. Otherwise as
 * {@link withFields}.
 *
 * @example
 * const logger = withPrefix(withFields(logfmtLogger(process.stdout), { svc: "add" }), { ts: timestampUTC });
 * logger.log({ msg: "up" }); // ts=2026-11-25T13:29:42.123Z svc=add msg=up
 */
export function withPrefix(logger: Logger, fields: Fields): Logger {
  return bind(logger, fields, "before", "withPrefix");
}
