// cors-sim recorder runner. Served on the scenario's page origin; pulls one action at a time
// from the recorder (same-origin POST /__rec/next) and performs each fetch() exactly as the
// scenario wrote it, then reports what the script saw (POST /__rec/result).
// Adapted from the shared browser oracle's runner.
'use strict';
(function () {
  const statusEl = document.getElementById('status');
  const MAX_ACTIONS = 200000;       // hard bound on the main loop
  const BODY_LIMIT = 2000;

  // where this runner is (Controller page_context key), from its URL; none on the launch URL
  const CTX = new URLSearchParams(location.search).get('ctx');
  const FRAMED = window.top !== window;
  // this page load's name: the recorder runs the steps in one runner page and tells any other
  // (a second tab a restarted Firefox opens) to stop
  const RID = Math.random().toString(36).slice(2) + Date.now().toString(36);

  function show(msg) { statusEl.textContent = msg; }

  // An embedded runner (`page ... in TOP`, `page null`) asks its top-level document to navigate
  // (frame.js), as a cross-origin iframe may not navigate the top without a user gesture.
  function navigate(url) {
    if (FRAMED) window.parent.postMessage({recNavigate: url}, '*');
    else location.href = url;
  }
  function mark(msg) { try { console.log('[rec] ' + msg); } catch (e) {} }
  function sleep(ms) { return new Promise(r => setTimeout(r, ms)); }

  async function control(path, obj) {
    // control channel: same-origin, never part of what is being recorded
    // a string body (text/plain): a simple request even from the opaque origin of a
    // sandboxed iframe (`page null`), whose control requests are cross-origin
    const r = await fetch('/__rec/' + path, {
      method: 'POST', cache: 'no-store',
      body: JSON.stringify(Object.assign({ctx: CTX, rid: RID}, obj || {}))
    });
    return r.json();
  }

  // The scenario's body kinds (cors-sim/scenario v1).
  function buildBody(b) {
    if (b === undefined || b === null) return undefined;
    switch (b.kind) {
      case 'text': return b.text;
      case 'urlencoded': return new URLSearchParams('a=1');
      case 'form-data': { const fd = new FormData(); fd.append('a', '1'); return fd; }
      case 'blob': return new Blob(['x'], b.type ? {type: b.type} : {});
      case 'stream': return new ReadableStream({start(c) { c.enqueue(new TextEncoder().encode('x')); c.close(); }});
      default: return String(b.text || '');
    }
  }

  function buildInit(f) {
    const init = {method: f.method};
    for (const k of ['mode', 'credentials', 'redirect', 'cache', 'keepalive', 'integrity', 'priority',
                     'referrerPolicy', 'referrer']) {
      if (f[k] !== undefined) init[k] = f[k];
    }
    if (f.signal === 'aborted') init.signal = AbortSignal.abort();   // aborted without a reason
    if (f.headers !== undefined) init.headers = f.headers;   // list of pairs, order kept
    const body = buildBody(f.body);
    if (body !== undefined) init.body = body;
    if (f.body && f.body.kind === 'stream' && f.duplex !== 'omitted') init.duplex = 'half';
    return init;
  }

  async function doFetch(f, timeoutMs) {
    const out = {};
    let timer;
    const timeout = new Promise(resolve => { timer = setTimeout(() => resolve({__timeout: true}), timeoutMs); });
    let p;
    try {
      p = fetch(f.url, buildInit(f)).then(r => ({r}), e => ({e}));
    } catch (e) {
      p = Promise.resolve({e, sync: true});
    }
    const res = await Promise.race([p, timeout]);
    clearTimeout(timer);
    if (res.__timeout) { out.kind = 'timeout'; return out; }
    if (res.e !== undefined) {
      const e = res.e;
      out.kind = 'rejected';
      out.error_name = (e && e.name) || typeof e;
      out.error_message = (e && e.message !== undefined) ? String(e.message) : String(e);
      if (res.sync) out.sync_throw = true;
      return out;
    }
    const r = res.r;
    out.kind = 'resolved';
    out.status = r.status;
    out.status_text = r.statusText;
    out.type = r.type;
    out.redirected = r.redirected;
    out.url = r.url;
    out.headers = [];
    try { for (const [k, v] of r.headers) out.headers.push([k, v]); } catch (e) { out.headers_error = String(e); }
    out.header_names = out.headers.map(h => h[0]);
    try {
      const text = await Promise.race([r.text(), sleep(timeoutMs).then(() => { throw new Error('body timeout'); })]);
      out.body = text.length > BODY_LIMIT ? text.slice(0, BODY_LIMIT) : text;
    } catch (e) {
      out.body_error = ((e && e.name) || '') + ': ' + ((e && e.message) || String(e));
    }
    return out;
  }

  async function warmUp(origins, idleMs) {
    // Not part of any scenario. In a fresh Firefox session the first one or two preflight-cache
    // entries stored for an IP-literal host are not reused (see the oracle's README); warming
    // each API origin's connections and preflight cache first makes results order-independent.
    show('warming up');
    // An https page cannot reach http origins (mixed content): warming them would only print
    // mixed-content console lines that land on the scenario's first fetch.
    if (location.protocol === 'https:') origins = origins.filter((o) => !o.startsWith('http:'));
    const warm = [];
    for (const o of origins) {
      for (const cred of ['omit', 'include']) {
        for (let i = 0; i < 4; i++) {
          warm.push(fetch(`${o}/__rec/warmup?ms=400&c=${cred}&i=${i}`,
                          {mode: 'no-cors', credentials: cred, cache: 'no-store'}).catch(() => {}));
        }
      }
    }
    await Promise.all(warm);
    for (const o of origins) {
      for (const cred of ['omit', 'include']) {
        for (let i = 0; i < 5; i++) {
          try { await fetch(`${o}/__rec/warmup-pf?c=${cred}`, {method: 'PUT', credentials: cred, body: 'w'}); } catch (e) {}
          await sleep(150);
        }
      }
    }
    await sleep(idleMs);
  }

  async function warmPartition(origins) {
    // Not part of any scenario: a runner in another network partition than the launch page's
    // (`page null`, another top-level site, an embedded page). In Firefox the DNS records a
    // preflight-cache entry is checked against on reuse are per partition, and for an IP-literal
    // host the check makes them itself, newer than the entry: the first two entries a partition
    // stores for the host are dropped on reuse. Four PUTs in a row to one URL per host (store,
    // dropped, dropped, reused) leave the partition as a settled session's (README, "How it works").
    show('warming this partition');
    if (location.protocol === 'https:') origins = origins.filter((o) => !o.startsWith('http:'));
    const hosts = new Set();
    for (const o of origins) {
      const host = new URL(o).hostname;
      if (hosts.has(host)) continue;
      hosts.add(host);
      for (let i = 0; i < 4; i++) {
        // bounded: a fetch held (a permission prompt nobody answers) must not hold the scenario
        try {
          await fetch(`${o}/__rec/warmup-pf?c=omit`,
                      {method: 'PUT', credentials: 'omit', body: 'w', signal: AbortSignal.timeout(3000)});
        } catch (e) {}
      }
    }
  }

  async function main() {
    let cookie = null;
    try { document.cookie = 'rec_sid=1; path=/'; cookie = document.cookie; } catch (e) { cookie = 'unavailable: ' + e.name; }
    const cfg = await control('hello', {
      user_agent: navigator.userAgent, cookie_after_set: cookie, framed: FRAMED,
      origin: location.origin, secure_context: window.isSecureContext
    });
    const timeoutMs = cfg.step_timeout_ms || 8000;
    if (cfg.warmup_kind === 'full' && cfg.warmup_origins.length) await warmUp(cfg.warmup_origins, cfg.warmup_ms);
    else if (cfg.warmup_kind === 'partition' && cfg.warmup_origins.length) await warmPartition(cfg.warmup_origins);
    for (let n = 0; n < MAX_ACTIONS; n++) {
      const a = await control('next', {});
      if (a.action === 'done') break;
      if (a.action === 'relaunch') { show('waiting for a browser relaunch'); mark('idle'); return; }
      if (a.action === 'stray') { show('another runner page runs the steps'); return; }
      if (a.action === 'navigate') { mark('idle'); navigate(a.url); return; }
      if (a.action === 'sleep') { show('wait ' + a.ms + ' ms'); await sleep(a.ms); continue; }
      if (a.action === 'cookie') {
        // the scenario's `cookie` step: the page's script sets document.cookie
        try { document.cookie = a.text; } catch (e) { control('log', {msg: 'cookie line ' + a.line + ': ' + e}).catch(() => {}); }
        continue;
      }
      if (a.action === 'fetch') {
        show(`fetch ${a.token} (line ${a.line})`);
        mark(`begin ${a.token}`);
        let outcome;
        try { outcome = await doFetch(a.fetch, timeoutMs); } catch (e) { outcome = {kind: 'runner_error', error_message: String(e)}; }
        mark(`end ${a.token}`);
        await control('result', {token: a.token, outcome});
      }
    }
    show('done');
    mark('finished');
    document.title = 'recorder done';
  }

  main().catch(e => {
    show('runner failed: ' + e);
    control('log', {msg: 'runner failed: ' + (e && e.stack || e)}).catch(() => {});
  });
})();
