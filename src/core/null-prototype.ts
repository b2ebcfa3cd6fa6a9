/**
 * A table looked up by a Python name, on an object with no prototype: `constructor`, `__proto__` or
 * `toString` are no entries. Getters are kept (a translated reason is read when it is asked for).
 */
export function nullPrototype<T extends object>(entries: T): T {
  return Object.defineProperties(Object.create(null), Object.getOwnPropertyDescriptors(entries)) as T;
}
