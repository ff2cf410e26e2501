/** The host page's own script: sizes the app frames to their content and follows their requests. */
export const HOST_SCRIPT = `(function () {
  'use strict';
  window.addEventListener('message', function (event) {
    if (event.origin !== location.origin || !event.data || event.data.source !== 'flow-ledger-frame') return;
    var frame = document.querySelector('iframe[data-frame="' + event.data.frame + '"]');
    if (!frame) return;
    if (event.data.type === 'resize') frame.style.height = Math.max(80, Math.min(event.data.height, 6000)) + 'px';
    if (event.data.type === 'navigate' && typeof event.data.url === 'string') {
      // Jira's router takes the frame's request; here only paths of this site are followed.
      var target = new URL(event.data.url, location.origin);
      if (target.origin !== location.origin) return;
      if (event.data.newTab) window.open(target.pathname + target.search, '_blank', 'noopener');
      else location.assign(target.pathname + target.search + target.hash);
    }
    if (event.data.type === 'submitted' || event.data.type === 'close' || event.data.type === 'refresh') {
      location.assign(frame.getAttribute('data-after') || location.pathname);
    }
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
  // Jira's intervals are 15 to 120 minutes; anything else is not a timer to start (a delay past
  // 2^31 ms fires at once, and again, and again).
  document.querySelectorAll('iframe[data-refresh-minutes]').forEach(function (frame) {
    var minutes = Number(frame.getAttribute('data-refresh-minutes'));
    if (Number.isInteger(minutes) && minutes >= 1 && minutes <= 1440) setInterval(function () { reload(frame); }, minutes * 60000);
  });
  document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
    select.addEventListener('change', function () { select.form.submit(); });
  });
})();
`;
