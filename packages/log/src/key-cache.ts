/** The most keys a {@link keyCache} remembers; beyond that it renders without caching. */
const maxKeys = 1024;

/**
 * Memoises how a format spells a key: records reuse a small set of keys, so each is rendered
 * once. Bounded, so records with ever-new keys cannot grow it without limit.
 */
export function keyCache(render: (key: string) => string): (key: string) => string {
  const cache = new Map<string, string>();
  return (key) => {
    let text = cache.get(key);
    if (text === undefined) {
      text = render(key);
      if (cache.size < maxKeys) cache.set(key, text);
    }
    return text;
  };
}
