/**
 * The playground's script, run by the browser as `/graphiql/assets/playground.js`. It is plain
 * JavaScript kept as text because it is served as is: the gateway's build compiles for Node and
 * bundles nothing for browsers. Both pages load it (a script file, so their CSP needs no inline
 * script); it reads the page's JSON config (`#playground-config`, see `pages.ts`).
 *
 * Landing page (`start: "sandbox"`): Apollo Sandbox's embed script is requested from Apollo's
 * CDN; when the request fails (offline, DNS, a proxy or firewall refusing it) or does not answer
 * within `sandbox.timeoutMs`, or the browser says it is offline, the page switches to GraphiQL
 * served by the gateway at once. GraphiQL page (`start: "graphiql"`): GraphiQL only.
 */
export const PLAYGROUND_SCRIPT = String.raw`(() => {
  'use strict';
  const config = JSON.parse(document.getElementById('playground-config').textContent);
  const status = document.getElementById('playground-status');
  const message = status.querySelector('.message');
  const endpoint = new URL(config.endpoint, window.location.href).href;

  function say(text, state) {
    message.textContent = text;
    status.dataset.state = state;
    status.hidden = false;
  }

  function settle(element, timeoutMs) {
    return new Promise((resolve, reject) => {
      const timer = timeoutMs ? window.setTimeout(() => reject(new Error('no answer within ' + timeoutMs + ' ms')), timeoutMs) : 0;
      element.addEventListener('load', () => { window.clearTimeout(timer); resolve(); });
      element.addEventListener('error', () => { window.clearTimeout(timer); reject(new Error('the request failed')); });
      document.head.appendChild(element);
    });
  }

  function loadScript(src, timeoutMs) {
    const script = document.createElement('script');
    script.src = src;
    return settle(script, timeoutMs);
  }

  function loadStylesheet(href) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    return settle(link, 0);
  }

  function startGraphiQL() {
    document.body.dataset.playground = 'graphiql';
    // Monaco starts its editor workers from these URLs: the gateway serves them too.
    window.MonacoEnvironment = {
      getWorkerUrl: (_moduleId, label) => config.assets + (config.workers[label] || config.workers.editorWorkerService),
    };
    return Promise.all([loadStylesheet(config.assets + 'graphiql.css'), loadScript(config.assets + 'graphiql.js')]).then(
      () => {
        const options = Object.assign({}, config.graphiql, { endpoint: endpoint });
        window.YogaGraphiQL.renderYogaGraphiQL(document.getElementById('graphiql'), options);
      },
      (error) => {
        say('GraphiQL could not be loaded from this gateway (' + error.message + '). Query ' + endpoint + ' with curl or any HTTP client.', 'failed');
        throw error;
      },
    );
  }

  function startSandbox() {
    if (navigator.onLine === false) return Promise.reject(new Error('this browser is offline'));
    return loadScript(config.sandbox.script, config.sandbox.timeoutMs).then(() => {
      if (typeof window.EmbeddedSandbox !== 'function') throw new Error('the script did not define Apollo Sandbox');
      document.body.dataset.playground = 'sandbox';
      status.hidden = true;
      new window.EmbeddedSandbox(Object.assign({}, config.sandbox.options, { initialEndpoint: endpoint }));
    });
  }

  if (config.start === 'graphiql') {
    startGraphiQL().then(() => { status.hidden = true; }, () => {});
    return;
  }
  startSandbox().catch((error) => {
    say("Apollo Sandbox could not be loaded from Apollo's CDN (" + error.message + '): this is GraphiQL, served by the gateway itself.', 'fallback');
    return startGraphiQL();
  }).catch(() => {});
})();
`;
