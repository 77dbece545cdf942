// The CLI's HTTP exchange against a real server that drops a kept-alive connection the way a
// server whose keep-alive timeout ran out does, just as the CLI reuses it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { send } from './http-send';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('a request on a reused connection the server dropped is sent once more on a new one', async () => {
  const served = new WeakMap<Socket, number>();
  let arrivals = 0;
  const server = createServer((req, res) => {
    arrivals++;
    const n = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, n);
    if (n === 2) {
      req.socket.destroy(); // the idle connection is gone by the time the second request comes
      return;
    }
    res.end(`ok ${req.method}`);
  });
  const url = await listen(server);
  try {
    assert.equal(await (await send(`${url}/a`, { method: 'GET', headers: {} })).text(), 'ok GET');
    const second = await send(`${url}/b`, { method: 'PUT', headers: {}, body: 'config' });
    assert.equal(second.status, 200);
    assert.equal(await second.text(), 'ok PUT');
    assert.equal(arrivals, 3, 'the dropped request was sent again, once');
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('a first request that the server drops is an error, not retried', async () => {
  let arrivals = 0;
  const server = createServer((req) => {
    arrivals++;
    req.socket.destroy();
  });
  const url = await listen(server);
  try {
    await assert.rejects(send(`${url}/x`, { method: 'POST', headers: {}, body: 'x' }), /socket hang up|ECONNRESET/);
    assert.equal(arrivals, 1);
  } finally {
    server.close();
  }
});
