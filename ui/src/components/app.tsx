// The page switch: the route picks a page; the signed-in user (if any) is
// loaded once and again whenever the token changes.
import { useEffect, useState } from 'react';
import type { UserInfo } from '../../../src/protocol/api';
import { currentUser, onAuthChange } from '../lib/auth';
import { useRoute } from '../lib/router';
import { BuildPage } from './build-page';
import { DashboardPage } from './dashboard-page';
import { JobPage } from './job-page';
import { LoginPage } from './login-page';
import { PipelinePage } from './pipeline-page';
import { ResourcePage } from './resource-page';
import { TopBar } from './top-bar';

export function App() {
  const route = useRoute();
  const [user, setUser] = useState<UserInfo | undefined>();
  const [authTick, setAuthTick] = useState(0);
  useEffect(() => onAuthChange(() => setAuthTick((t) => t + 1)), []);
  useEffect(() => {
    currentUser().then(setUser, () => setUser(undefined));
  }, [authTick]);
  switch (route.page) {
    case 'login':
      return <LoginPage />;
    case 'dashboard':
      return <DashboardPage user={user} key={authTick} />;
    case 'pipeline':
      return <PipelinePage user={user} team={route.team} pipeline={route.pipeline} groups={route.groups} key={authTick} />;
    case 'job':
      return <JobPage user={user} team={route.team} pipeline={route.pipeline} job={route.job} key={authTick} />;
    case 'job-build':
      return <BuildPage user={user} jobBuild={route} key={`${authTick}/${route.build}`} />;
    case 'build':
      return <BuildPage user={user} buildId={route.id} key={`${authTick}/${route.id}`} />;
    case 'resource':
      return <ResourcePage user={user} team={route.team} pipeline={route.pipeline} resource={route.resource} key={authTick} />;
    default:
      return (
        <div className="page">
          <TopBar user={user} />
          <main className="message">no such page: {route.path}</main>
        </div>
      );
  }
}
