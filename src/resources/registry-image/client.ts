// A small client of the OCI distribution API over `fetch`: manifests, blobs (verified
// against their sha256 digest while they stream to disk), uploads, with Basic or Bearer
// (token service) authentication. Every failure is a BuiltinFailure with what went wrong.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BuiltinFailure } from '../builtin/types';
import { MANIFEST_ACCEPT } from './media-types';
import type { RepositoryRef } from './reference';

export interface Credentials { username?: string; password?: string }
export interface FetchedManifest { bytes: Buffer; mediaType: string; digest: string }

export function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const scheme = header.split(' ')[0]!.toLowerCase();
  const params: Record<string, string> = {};
  for (const m of header.matchAll(/(\w+)="([^"]*)"/g)) params[m[1]!] = m[2]!;
  return { scheme, params };
}

export class RegistryClient {
  private authorization: string | undefined;

  constructor(readonly ref: RepositoryRef, private readonly creds: Credentials, private readonly signal: AbortSignal) {}

  private url(path: string): string {
    return path.startsWith('http') ? path : `${this.ref.baseUrl}/v2/${this.ref.name}${path}`;
  }

  /** One request; answers a 401 challenge once (Basic, or a Bearer token from the realm). */
  async request(method: string, path: string, init: { headers?: Record<string, string>; body?: BodyInit; duplex?: 'half' } = {}): Promise<Response> {
    const send = () => fetch(this.url(path), {
      method, body: init.body, signal: this.signal,
      headers: { ...init.headers, ...(this.authorization ? { authorization: this.authorization } : {}) },
      ...(init.duplex ? { duplex: init.duplex } : {}),
    } as RequestInit);
    let res: Response;
    try { res = await send(); } catch (e) { throw this.networkError(method, path, e); }
    if (res.status !== 401 || init.duplex) return res; // a streamed body cannot be sent twice
    const challenge = res.headers.get('www-authenticate');
    await res.body?.cancel();
    if (!challenge) return res;
    await this.authenticate(parseChallenge(challenge));
    try { return await send(); } catch (e) { throw this.networkError(method, path, e); }
  }

  private networkError(method: string, path: string, e: unknown): Error {
    if (this.signal.aborted) return e as Error;
    return new BuiltinFailure(`${method} ${this.url(path)}: ${(e as Error).message}${(e as { cause?: Error }).cause ? ` (${(e as { cause: Error }).cause.message})` : ''}`);
  }

  private basic(): string | undefined {
    const { username, password } = this.creds;
    return username ? `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}` : undefined;
  }

  private async authenticate(c: { scheme: string; params: Record<string, string> }): Promise<void> {
    if (c.scheme === 'basic') {
      this.authorization = this.basic();
      if (!this.authorization) throw new BuiltinFailure(`${this.ref.host} asks for a username and password`);
      return;
    }
    const realm = c.params.realm;
    if (c.scheme !== 'bearer' || !realm) throw new BuiltinFailure(`unsupported authentication challenge from ${this.ref.host}`);
    const q = new URLSearchParams();
    if (c.params.service) q.set('service', c.params.service);
    q.set('scope', c.params.scope ?? `repository:${this.ref.name}:pull,push`);
    const basic = this.basic();
    const res = await fetch(`${realm}?${q}`, { signal: this.signal, headers: basic ? { authorization: basic } : {} });
    if (!res.ok) throw new BuiltinFailure(`getting a token from ${realm}: HTTP ${res.status}`);
    const body = await res.json() as { token?: string; access_token?: string };
    this.authorization = `Bearer ${body.token ?? body.access_token}`;
  }

  private async fail(res: Response, what: string): Promise<never> {
    const text = (await res.text().catch(() => '')).trim();
    throw new BuiltinFailure(`${what}: HTTP ${res.status}${text ? `: ${text.slice(0, 500)}` : ''}`);
  }

  /** The digest a tag points to, or undefined when the tag does not exist. */
  async resolveTag(tag: string): Promise<string | undefined> {
    const res = await this.request('HEAD', `/manifests/${tag}`, { headers: { accept: MANIFEST_ACCEPT } });
    await res.arrayBuffer(); // frees the keep-alive connection for the next request
    if (res.status === 404) return undefined;
    if (!res.ok) return this.fail(res, `checking ${this.ref.host}/${this.ref.name}:${tag}`);
    const digest = res.headers.get('docker-content-digest');
    if (digest) return digest;
    return (await this.manifest(tag)).digest;
  }

  /** A manifest (or index) by tag or digest; a digest reference is verified. */
  async manifest(reference: string): Promise<FetchedManifest> {
    const res = await this.request('GET', `/manifests/${reference}`, { headers: { accept: MANIFEST_ACCEPT } });
    if (!res.ok) return this.fail(res, `fetching manifest ${this.ref.name}@${reference}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    const digest = sha256(bytes);
    if (reference.startsWith('sha256:') && digest !== reference) {
      throw new BuiltinFailure(`digest mismatch: manifest ${reference} has content with digest ${digest}`);
    }
    const mediaType = res.headers.get('content-type')?.split(';')[0] ?? '';
    return { bytes, mediaType: (JSON.parse(bytes.toString()) as { mediaType?: string }).mediaType ?? mediaType, digest };
  }

  /** A blob into memory (configs), verified. */
  async blobBytes(digest: string): Promise<Buffer> {
    const res = await this.request('GET', `/blobs/${digest}`);
    if (!res.ok) return this.fail(res, `fetching blob ${digest}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    if (sha256(bytes) !== digest) throw new BuiltinFailure(`digest mismatch: blob ${digest} has content with digest ${sha256(bytes)}`);
    return bytes;
  }

  /** A blob streamed to `file`, hashed on the way; a mismatch is refused before anyone reads it. */
  async blobToFile(digest: string, file: string): Promise<void> {
    const res = await this.request('GET', `/blobs/${digest}`);
    if (!res.ok || !res.body) return this.fail(res, `fetching blob ${digest}`);
    const hash = createHash('sha256');
    const source = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
    source.on('data', (chunk: Buffer) => hash.update(chunk));
    await pipeline(source, createWriteStream(file));
    const got = `sha256:${hash.digest('hex')}`;
    if (got !== digest) throw new BuiltinFailure(`digest mismatch: layer ${digest} has content with digest ${got}`);
  }

  async blobExists(digest: string): Promise<boolean> {
    const res = await this.request('HEAD', `/blobs/${digest}`);
    return res.ok;
  }

  /** Monolithic upload: POST for a session, PUT of the whole file with its digest. */
  async uploadBlob(digest: string, file: string): Promise<void> {
    if (await this.blobExists(digest)) return;
    const start = await this.request('POST', '/blobs/uploads/');
    if (start.status !== 202) return this.fail(start, `starting the upload of ${digest}`);
    const location = start.headers.get('location');
    await start.body?.cancel();
    if (!location) throw new BuiltinFailure(`${this.ref.host} gave no upload location for ${digest}`);
    const url = new URL(location, this.ref.baseUrl);
    url.searchParams.set('digest', digest);
    const res = await this.request('PUT', url.toString(), {
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(statSync(file).size) },
      body: Readable.toWeb(createReadStream(file)) as unknown as BodyInit, duplex: 'half',
    });
    if (res.status !== 201) return this.fail(res, `uploading blob ${digest}`);
    await res.body?.cancel();
  }

  async putManifest(tag: string, mediaType: string, bytes: Buffer): Promise<string> {
    const res = await this.request('PUT', `/manifests/${tag}`, { headers: { "content-type": mediaType }, body: new Uint8Array(bytes) });
    if (res.status !== 201) return this.fail(res, `pushing manifest ${this.ref.name}:${tag}`);
    await res.body?.cancel();
    return res.headers.get('docker-content-digest') ?? sha256(bytes);
  }
}
