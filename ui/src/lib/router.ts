// A tiny history-API router with Concourse's page paths. Pure matching
// (matchRoute) plus a hook and navigate() for the components.
import { useEffect, useState } from 'react';

export type Route =
  | { page: 'dashboard' }
  | { page: 'login' }
  | { page: 'pipeline'; team: string; pipeline: string; groups: string[] }
  | { page: 'job'; team: string; pipeline: string; job: string }
  | { page: 'job-build'; team: string; pipeline: string; job: string; build: string }
  | { page: 'build'; id: string }
  | { page: 'resource'; team: string; pipeline: string; resource: string }
  | { page: 'not-found'; path: string };

const dec = decodeURIComponent;

export function matchRoute(pathname: string, search = ''): Route {
  const parts = pathname.split('/').filter(Boolean).map(dec);
  if (parts.length === 0) return { page: 'dashboard' };
  if (parts.length === 1 && parts[0] === 'login') return { page: 'login' };
  if (parts[0] === 'builds' && parts.length === 2) return { page: 'build', id: parts[1]! };
  if (parts[0] === 'teams' && parts[2] === 'pipelines' && parts.length >= 4) {
    const [, team, , pipeline, kind, name, sub, build] = parts as [string, string, string, string, string?, string?, string?, string?];
    if (kind === undefined) return { page: 'pipeline', team, pipeline, groups: new URLSearchParams(search).getAll('group') };
    if (kind === 'jobs' && name && sub === 'builds' && build) return { page: 'job-build', team, pipeline, job: name, build };
    if (kind === 'jobs' && name && sub === undefined) return { page: 'job', team, pipeline, job: name };
    if (kind === 'resources' && name && sub === undefined) return { page: 'resource', team, pipeline, resource: name };
  }
  return { page: 'not-found', path: pathname };
}

const enc = encodeURIComponent;
export const links = {
  pipeline: (t: string, p: string) => `/teams/${enc(t)}/pipelines/${enc(p)}`,
  job: (t: string, p: string, j: string) => `${links.pipeline(t, p)}/jobs/${enc(j)}`,
  jobBuild: (t: string, p: string, j: string, b: string) => `${links.job(t, p, j)}/builds/${enc(b)}`,
  resource: (t: string, p: string, r: string) => `${links.pipeline(t, p)}/resources/${enc(r)}`,
  build: (id: number) => `/builds/${id}`,
};

export function navigate(to: string): void {
  history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [loc, setLoc] = useState(() => location.pathname + location.search);
  useEffect(() => {
    const on = () => setLoc(location.pathname + location.search);
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  const q = loc.indexOf('?');
  return matchRoute(q < 0 ? loc : loc.slice(0, q), q < 0 ? '' : loc.slice(q));
}
