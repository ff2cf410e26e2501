/** The host page's own script: sizes the app frames to their content and follows their requests. */
export const HOST_SCRIPT = `(function () {
  'use strict';
  window.addEventListener('message', function (event) {
    if (event.origin !== location.origin || !event.data || event.data.source !== 'flow-ledger-frame') return;
    var frame = document.querySelector('iframe[data-frame="' + event.data.frame + '"]');
    if (!frame) return;
    if (event.data.type === 'resize' && !frame.hasAttribute('data-modal')) frame.style.height = Math.max(80, Math.min(event.data.height, 6000)) + 'px';
    if (event.data.type === 'navigate' && typeof event.data.url === 'string') {
      // Jira's router takes the frame's request; here only paths of this site are followed.
      var target = new URL(event.data.url, location.origin);
      // The whole URL, whose origin was checked: a path alone may be '//elsewhere' once '/./' is resolved.
      if (target.origin !== location.origin) return;
      if (event.data.newTab) window.open(target.href, '_blank', 'noopener');
      else location.assign(target.href);
    }
    if (event.data.type === 'modal') openModal(frame, event.data);
    else if (event.data.type === 'close' && frame.hasAttribute('data-modal')) closeModal();
    else if (event.data.type === 'submitted' || event.data.type === 'close' || event.data.type === 'refresh') {
      location.assign(frame.getAttribute('data-after') || location.pathname);
    }
  });
  // Jira's modal for a frame's Modal: over the page, the size of the viewport less a margin, the
  // resource in a frame of its own; Escape or a click outside closes it when the app allows.
  var openModalState = null;
  var SIZES = { small: 400, medium: 600, large: 800, xlarge: 968 };
  function openModal(opener, data) {
    closeModal();
    if (!/^[a-z0-9-]+$/.test(data.resource)) return;
    var backdrop = document.createElement('div');
    backdrop.setAttribute('data-modal-backdrop', '');
    backdrop.style.cssText = 'position:fixed;inset:0;background:rgba(9,30,66,0.54);z-index:500;display:flex;align-items:center;justify-content:center';
    var dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-modal', 'true');
    var width = SIZES[data.size] || 800;
    dialog.style.cssText = 'width:min(' + width + 'px, calc(100vw - 32px));height:calc(100vh - 120px);border-radius:3px;overflow:hidden;background:var(--surface);box-shadow:0 8px 12px rgba(9,30,66,0.25)';
    var frame = document.createElement('iframe');
    frame.className = 'forge';
    frame.setAttribute('data-frame', 'modal');
    frame.setAttribute('data-modal', '');
    frame.setAttribute('title', typeof data.title === 'string' ? data.title : 'Dialog');
    frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups allow-downloads');
    frame.style.cssText = 'width:100%;height:100%;border:0;display:block';
    frame.src = '/__resources/' + data.resource + '/index.html?' + new URLSearchParams({ frame: 'modal', context: JSON.stringify(data.context) }).toString();
    dialog.appendChild(frame);
    backdrop.appendChild(dialog);
    if (data.closeOnOverlayClick) backdrop.addEventListener('click', function (e) { if (e.target === backdrop) closeModal(); });
    document.body.appendChild(backdrop);
    openModalState = { backdrop: backdrop, opener: opener, escape: data.closeOnEscape };
  }
  function closeModal() {
    if (!openModalState) return;
    var state = openModalState;
    openModalState = null;
    state.backdrop.remove();
    if (state.opener.contentWindow) state.opener.contentWindow.postMessage({ source: 'flow-ledger-host', type: 'modal-closed' }, location.origin);
  }
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape' && openModalState && openModalState.escape) closeModal(); });
  // Jira Software's "..." menus (host-pages.ts): an app's sprint or backlog action opens its module
  // in Jira's modal, with the context the menu item carries (the board, and the sprint).
  document.querySelectorAll('button[data-open-action]').forEach(function (button) {
    button.addEventListener('click', function () {
      var action;
      try { action = JSON.parse(button.getAttribute('data-open-action')); } catch (e) { return; }
      var menu = button.closest('details');
      if (menu) menu.removeAttribute('open');
      openModal(button, { resource: action.resource, size: action.size, title: action.title, context: action.context, closeOnEscape: true, closeOnOverlayClick: true });
    });
  });
  // Jira's theme switch: the page changes at once, the frames follow it (bridge-script.ts), and
  // the cookie keeps the choice for the next page.
  document.querySelectorAll('button[data-theme-switch]').forEach(function (button) {
    button.addEventListener('click', function () {
      var dark = document.documentElement.getAttribute('data-color-mode') !== 'dark';
      document.documentElement.setAttribute('data-color-mode', dark ? 'dark' : 'light');
      button.setAttribute('aria-pressed', dark ? 'true' : 'false');
      document.cookie = 'flow_ledger_theme=' + (dark ? 'dark' : 'light') + '; Path=/; SameSite=Lax';
    });
  });
  // A gadget's refresh, from its button or its saved interval, reloads its frame as Jira does.
  function reload(frame) {
    frame.setAttribute('data-refreshed', String(Number(frame.getAttribute('data-refreshed') || '0') + 1));
    frame.src = frame.src;
  }
  document.querySelectorAll('button[data-refresh-frame]').forEach(function (button) {
    button.addEventListener('click', function () {
      var frame = document.querySelector('iframe[data-frame="' + button.getAttribute('data-refresh-frame') + '"]');
      if (frame) reload(frame);
    });
  });
  // The server writes only Jira's intervals here (src/jira/gadget-refresh.ts).
  document.querySelectorAll('iframe[data-refresh-minutes]').forEach(function (frame) {
    var minutes = Number(frame.getAttribute('data-refresh-minutes'));
    if (minutes > 0) setInterval(function () { reload(frame); }, minutes * 60000);
  });
  document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
    select.addEventListener('change', function () { select.form.submit(); });
  });
})();
`;
