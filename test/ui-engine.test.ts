// The web UI driving real builds: a web node with the in-process runc worker,
// tiny busybox tasks, and Debian chromium. Trigger from the job page and watch
// the log arrive live, abort a running build, check a resource and pin, comment
// and unpin a version — each checked against the API afterwards.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Build, Resource } from '../src/protocol/api';
import { launchBrowser, uiLogin, type TestBrowser } from './testkit/browser';
import { P, setPipeline, shTask, startFlowNode, waitFor, type FlowNode } from './pipeline-flow-kit';

let f: FlowNode;
let browser: TestBrowser;

before(async () => {
  f = await startFlowNode();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await f?.close();
});

async function loggedIn(): Promise<Page> {
  const page = await browser.newPage();
  await uiLogin(page, f.url, 'admin', 'admin');
  return page;
}

async function build(id: string): Promise<Build> {
  return (await f.api.json<Build>('GET', `/api/v1/builds/${id}`)).body;
}

describe('web UI with the engine', { concurrency: true }, () => {
  test('trigger a job from its page; the build page shows the log while it runs, then the result', async () => {
    await setPipeline(f, 'live', `jobs:\n- name: talk\n  plan:\n${shTask('talk', 'echo tick-1; sleep 3; printf "\\033[32mtick-2\\033[0m\\n"; echo done')}\n`);
    const page = await loggedIn();
    await page.goto(`${f.url}/teams/main/pipelines/live/jobs/talk`);
    await page.click('[data-testid=job-trigger]');
    await page.waitForURL(/\/jobs\/talk\/builds\/1$/);
    await page.waitForSelector('[data-testid=log-line]:has-text("tick-1")', { timeout: 60_000 });
    const status = await page.getAttribute('[data-testid=build-header]', 'data-status');
    assert.equal(status, 'started', 'the first line shows while the build still runs');
    assert.equal(await page.$('[data-testid=log-line]:has-text("done")'), null);
    await page.waitForSelector('[data-testid=build-header][data-status=succeeded]', { timeout: 60_000 });
    const green = await page.$eval('[data-testid=log-line] span:text("tick-2")', (e) => getComputedStyle(e).color);
    assert.equal(green, 'rgb(46, 204, 113)');
    await page.waitForSelector('[data-testid=step-header][data-step=talk][data-status=succeeded]');
    await page.close();
  });

  test('abort a running build from the build page', async () => {
    await setPipeline(f, 'abortable', `jobs:\n- name: slow\n  plan:\n${shTask('slow', 'echo started; sleep 120')}\n`);
    const triggered = await f.api.json<Build>('POST', `${P('abortable')}/jobs/slow/builds`);
    assert.equal(triggered.status, 200);
    const page = await loggedIn();
    await page.goto(`${f.url}/builds/${triggered.body.id}`);
    await page.waitForSelector('[data-testid=log-line]:has-text("started")', { timeout: 60_000 });
    await page.click('[data-testid=build-abort]');
    await page.waitForSelector('[data-testid=build-header][data-status=aborted]', { timeout: 30_000 });
    assert.equal((await build(String(triggered.body.id))).status, 'aborted');
    await page.close();
  });

  test('check a resource from its page, pin a version with a comment, unpin it, disable it', async () => {
    await setPipeline(f, 'pins', `resources:\n- name: thing\n  type: mock\n  check_every: never\n  source: {initial_version: v1}\njobs:\n- name: use\n  plan:\n  - get: thing\n`);
    const page = await loggedIn();
    await page.goto(`${f.url}/teams/main/pipelines/pins/resources/thing`);
    await page.click('[data-testid=check-now]');
    await page.waitForSelector('[data-testid=version-row][data-version="version: v1"]', { timeout: 60_000 });
    await page.click('[data-testid=version-row][data-version="version: v1"] [data-testid=version-pin]');
    await page.waitForSelector('[data-testid=pinned-version]:text("version: v1")');
    const resource = async () => (await f.api.json<Resource>('GET', `${P('pins')}/resources/thing`)).body;
    assert.deepEqual((await resource()).pinned_version, { version: 'v1' });
    await page.fill('[data-testid=pin-comment]', 'holding v1 for the release');
    await page.click('[data-testid=pin-comment-save]');
    await waitFor('the pin comment', async () => (await resource()).pin_comment === 'holding v1 for the release', 10_000);
    await page.waitForSelector('[data-testid=pipeline-page], [data-testid=pin-comment-text]');
    await page.goto(`${f.url}/teams/main/pipelines/pins`);
    await page.waitForSelector('[data-testid=resource-box][data-name=thing][data-pinned=true]');
    await page.goto(`${f.url}/teams/main/pipelines/pins/resources/thing`);
    await page.click('[data-testid=unpin]');
    await page.waitForSelector('[data-testid=pin-bar]', { state: 'detached' });
    assert.equal((await resource()).pinned_version, undefined);
    await page.click('[data-testid=version-row][data-version="version: v1"] [data-testid=version-enable]');
    await page.waitForSelector('[data-testid=version-row][data-version="version: v1"][data-enabled=false]');
    const versions = await f.api.json<{ version: { version: string }; enabled: boolean }[]>('GET', `${P('pins')}/resources/thing/versions`);
    assert.deepEqual(versions.body.map((v) => [v.version.version, v.enabled]), [['v1', false]]);
    await page.close();
  });
});
