// cors-sim recorder: the top-level document of an embedded page. `page ORIGIN in TOP` loads
// the runner (runner.js) on ORIGIN in an iframe of this document on TOP; `page null` loads it in
// an iframe with sandbox="allow-scripts" (an opaque origin). The runner asks this document to
// navigate the top level when the scenario's page changes (postMessage {recNavigate: url}).
'use strict';
(function () {
  const q = new URLSearchParams(location.search);
  const src = q.get('src') || '';
  if (!/^https?:\/\//.test(src)) { document.body.textContent = 'bad src'; return; }
  const f = document.createElement('iframe');
  if (q.get('sandbox')) f.setAttribute('sandbox', 'allow-scripts');
  window.addEventListener('message', e => {
    const url = e.data && e.data.recNavigate;
    if (e.source === f.contentWindow && typeof url === 'string' && /^https?:\/\//.test(url)) location.href = url;
  });
  f.src = src;
  document.body.appendChild(f);
})();
