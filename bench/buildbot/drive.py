# Drives one buildbot master for bench/build-throughput.ts: sends N changes over one PB
# connection (each becomes its own build: treeStableTimer=None, collapseRequests=False),
# then polls the master's sqlite db until N more builds are complete than before it sent
# (the db keeps earlier rounds' builds: counting them all ended a round before its builds
# ran, which overstated buildbot's rate after the first round). Prints one JSON line:
# {"builds": N, "seconds": first send -> last build complete, "results": {...}}.
# Run with Debian's /usr/bin/python3 (the buildbot package's interpreter).
import json, sqlite3, sys, time
from twisted.internet import reactor, defer, task
from buildbot.clients.sendchange import Sender

pb, db_path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
out = {}

def done_count():
    con = sqlite3.connect(db_path, timeout=30)
    try:
        rows = con.execute("select results, count(*) from builds where complete_at is not null group by results").fetchall()
    finally:
        con.close()
    return {str(r): c for r, c in rows}

@defer.inlineCallbacks
def main():
    sender = Sender(pb)
    before = done_count()
    t0 = time.time()
    for i in range(n):
        yield sender.send(branch=None, revision=str(i), comments="bench %d" % i, files=["f"], who="bench")
    out["sent_seconds"] = time.time() - t0
    while True:
        now = done_count()
        results = {k: c - before.get(k, 0) for k, c in now.items() if c - before.get(k, 0) > 0}
        if sum(results.values()) >= n:
            break
        yield task.deferLater(reactor, 0.05, lambda: None)
    out.update(builds=n, seconds=time.time() - t0, results=results)

def finish(r):
    if isinstance(r, Exception) or hasattr(r, "getTraceback"):
        print(json.dumps({"error": str(r)}))
    else:
        print(json.dumps(out))
    reactor.stop()

reactor.callWhenRunning(lambda: main().addBoth(finish))
reactor.run()
