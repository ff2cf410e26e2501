/** The host page's own script: sizes the app frames to their content and follows their requests. */
export const HOST_SCRIPT = `(function () {
  'use strict';
  window.addEventListener('message', function (event) {
    if (event.origin !== location.origin || !event.data || event.data.source !== 'flow-ledger-frame') return;
    var frame = document.querySelector('iframe[data-frame="' + event.data.frame + '"]');
    if (!frame) return;
    if (event.data.type === 'resize') frame.style.height = Math.max(80, Math.min(event.data.height, 6000)) + 'px';
    if (event.data.type === 'submitted' || event.data.type === 'close' || event.data.type === 'refresh') {
      location.assign(frame.getAttribute('data-after') || location.pathname);
    }
  });
  document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
    select.addEventListener('change', function () { select.form.submit(); });
  });
})();
`;
