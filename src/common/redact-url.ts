/**
 * The URL with any password replaced, safe for logs and error messages: the one of the userinfo
 * (`rediss://user:pass@host`, `https://user:pass@llm`) and a `?password=` query option, which ioredis
 * also reads.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}
