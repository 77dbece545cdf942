// Where a `repository` lives: Docker's naming rules (no host = Docker Hub, single names
// under `library/`), and http:// for loopback registries or `insecure: true`.
export interface RepositoryRef {
  host: string;            // e.g. "127.0.0.1:5000", "registry-1.docker.io"
  name: string;            // e.g. "library/busybox"
  baseUrl: string;         // e.g. "http://127.0.0.1:5000"
}

const DOCKER_HUB = 'registry-1.docker.io';

function isLoopback(host: string): boolean {
  const h = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.split(':')[0]!;
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

export function parseRepository(repository: string, opts: { insecure?: boolean } = {}): RepositoryRef {
  const trimmed = repository.replace(/^(https?:\/\/)/, '');
  const slash = trimmed.indexOf('/');
  const first = slash < 0 ? '' : trimmed.slice(0, slash);
  const hasHost = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  let host = hasHost ? first : DOCKER_HUB;
  let name = hasHost ? trimmed.slice(slash + 1) : trimmed;
  if (host === 'docker.io' || host === 'index.docker.io') host = DOCKER_HUB;
  if (host === DOCKER_HUB && !name.includes('/')) name = `library/${name}`;
  const scheme = isLoopback(host) || opts.insecure ? 'http' : 'https';
  return { host, name, baseUrl: `${scheme}://${host}` };
}
