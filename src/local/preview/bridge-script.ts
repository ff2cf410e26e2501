import { THEME_ATTRIBUTE } from './theme';

/**
 * The host side of Forge's Custom UI bridge for the preview: a classic script the preview puts in
 * front of each resource's own scripts, because @forge/bridge reads `window.__bridge.callBridge`
 * when it loads (as the Forge host provides it). It answers getContext from the context
 * the host page put in the frame's URL, and routes invoke to the real resolvers in Node.
 */
export const BRIDGE_SCRIPT = `(function () {
  'use strict';
  var THEMES = ${JSON.stringify(THEME_ATTRIBUTE)};
  var params = new URLSearchParams(location.search);
  var context = JSON.parse(params.get('context') || '{}');
  var frameId = params.get('frame') || '';
  var listeners = {};
  var modalClosed = null;
  window.addEventListener('message', function (event) {
    if (event.origin !== location.origin || !event.data || event.data.source !== 'flow-ledger-host') return;
    if (event.data.type === 'modal-closed' && modalClosed) { var done = modalClosed; modalClosed = null; done(event.data.payload); }
  });
  function post(message) { try { window.parent.postMessage(Object.assign({ source: 'flow-ledger-frame', frame: frameId }, message), location.origin); } catch (e) {} }
  // The session's secret is in the host page, which only a page of this preview can read.
  function session() {
    try { var meta = window.parent.document.querySelector('meta[name="flow-ledger-session"]'); return meta ? meta.getAttribute('content') || '' : ''; } catch (e) { return ''; }
  }
  function json(url, body) {
    return fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-flow-ledger-session': session() }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (v) { if (!r.ok) throw new Error(v && v.message ? v.message : 'HTTP ' + r.status); return v; }); });
  }
  window.__bridge = {
    callBridge: function (name, payload) {
      switch (name) {
        case 'getContext': return Promise.resolve(JSON.parse(JSON.stringify(context)));
        case 'invoke':
          return json('/__forge/invoke', { functionKey: payload.functionKey, payload: payload.payload === undefined ? {} : payload.payload, context: { moduleKey: context.moduleKey, extension: context.extension } });
        case 'submit':
          return json('/__preview/gadgets/' + encodeURIComponent(context.extension && context.extension.gadget ? context.extension.gadget.id : ''), payload)
            .then(function () { post({ type: 'submitted' }); return true; });
        case 'close': post({ type: 'close' }); return Promise.resolve(true);
        case 'openModal':
          // As Jira does: the host opens the resource in a modal the size of its viewport, with this
          // frame's context and the modal's under extension.modal; closing it calls onClose here.
          modalClosed = typeof payload.onClose === 'function' ? payload.onClose : null;
          post({ type: 'modal', resource: String(payload.resource || ''), size: payload.size, closeOnEscape: payload.closeOnEscape !== false,
            closeOnOverlayClick: payload.closeOnOverlayClick !== false,
            context: Object.assign({}, context, { extension: Object.assign({}, context.extension, { modal: payload.context || {} }) }) });
          return Promise.resolve(true);
        case 'refresh': post({ type: 'refresh' }); return Promise.resolve(true);
        case 'navigate': case 'open':
          // A sandboxed frame may not navigate the top window (as in Jira): the host does it.
          var url = typeof payload === 'string' ? payload : (payload && payload.url) || '/';
          post({ type: 'navigate', url: url, newTab: name === 'open' || (payload && payload.type === 'new-tab') });
          return Promise.resolve(true);
        case 'reload': window.top.location.reload(); return Promise.resolve(true);
        case 'getUrl': return Promise.resolve(new URL((payload && payload.url) || '/', location.origin).toString());
        case 'enableTheming': return enableTheming();
        case 'changeWindowTitle': case 'emitReadyEvent': return Promise.resolve(undefined);
        case 'showFlag': post({ type: 'flag', flag: payload }); return Promise.resolve(true);
        case 'on': case 'onPublic':
          (listeners[payload.event] = listeners[payload.event] || []).push(payload.callback);
          return Promise.resolve({ unsubscribe: function () { listeners[payload.event] = (listeners[payload.event] || []).filter(function (c) { return c !== payload.callback; }); } });
        case 'emit': case 'emitPublic':
          (listeners[payload.event] || []).forEach(function (c) { c(payload.payload); });
          return Promise.resolve(undefined);
        case 'createHistory': return Promise.resolve(createHistory());
        default:
          return Promise.reject(new Error('The preview does not offer the bridge call "' + name + '"'));
      }
    }
  };
  // As Jira keeps a page's view.createHistory() in its own URL: the frame's location is the host
  // page's query; a push is an entry of the host's history, so a reload keeps the view, a link
  // shares it, and Back returns to the one before. (history 4's shape, which @forge/bridge names.)
  function createHistory() {
    var host;
    try { host = window.parent; void host.location.search; } catch (e) { host = null; }
    var listeners = [];
    function current() { return { pathname: '/', search: host ? host.location.search : '', hash: '', state: null }; }
    function go(method, to) {
      var search = typeof to === 'string' ? to.replace(/^[^?]*/, '') : (to && to.search) || '';
      if (host) host.history[method](null, '', host.location.pathname + search);
      h.location = current();
      listeners.forEach(function (l) { l(h.location, method === 'pushState' ? 'PUSH' : 'REPLACE'); });
    }
    var h = {
      location: current(), action: 'POP', length: host ? host.history.length : 1,
      push: function (to) { go('pushState', to); }, replace: function (to) { go('replaceState', to); },
      go: function (n) { if (host) host.history.go(n); }, goBack: function () { if (host) host.history.back(); }, goForward: function () { if (host) host.history.forward(); },
      listen: function (l) { listeners.push(l); return function () { listeners = listeners.filter(function (x) { return x !== l; }); }; },
      block: function () { return function () {}; }, createHref: function (loc) { return (loc && loc.search) || ''; },
    };
    if (host) host.addEventListener('popstate', function () { h.location = current(); listeners.forEach(function (l) { l(h.location, 'POP'); }); });
    return h;
  }
  // As Jira does for view.theme.enable(): the token styles of every theme in the frame, the host
  // page's colour mode on the frame's root, and again whenever the host's changes.
  function enableTheming() {
    var root = document.documentElement;
    var host;
    try { host = window.parent.document.documentElement; } catch (e) { host = null; }
    function follow() {
      root.setAttribute('data-theme', THEMES);
      root.setAttribute('data-color-mode', host && host.getAttribute('data-color-mode') === 'dark' ? 'dark' : 'light');
    }
    if (host && window.MutationObserver) new MutationObserver(follow).observe(host, { attributes: true, attributeFilter: ['data-color-mode'] });
    return new Promise(function (resolve) {
      var link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = '/__preview/theme.css';
      link.setAttribute('data-flow-ledger-theme', '');
      link.onload = link.onerror = function () { follow(); resolve(undefined); };
      document.head.appendChild(link);
    });
  }
  // Jira sizes a panel's frame to its content; the preview does the same through its host page.
  var last = 0, pending = false;
  function report() {
    pending = false;
    var root = document.getElementById('root');
    var height = Math.ceil(root ? root.getBoundingClientRect().height : document.documentElement.scrollHeight);
    if (height !== last) { last = height; post({ type: 'resize', height: height }); }
  }
  function schedule() { if (!pending) { pending = true; requestAnimationFrame(report); } }
  document.addEventListener('DOMContentLoaded', function () {
    var root = document.getElementById('root') || document.body;
    if (window.ResizeObserver) new ResizeObserver(schedule).observe(root);
    new MutationObserver(schedule).observe(root, { childList: true, subtree: true, attributes: true });
    schedule();
  });
})();
`;
