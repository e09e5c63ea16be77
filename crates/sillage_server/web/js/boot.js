// Loaded first, as a classic script: records every uncaught error and unhandled rejection in
// window.__sillageErrors, so that nothing fails silently (the browser test reads it).
(function () {
  'use strict';
  var errors = (window.__sillageErrors = window.__sillageErrors || []);
  window.addEventListener('error', function (e) {
    // Resource load errors (img, script) have no message; record the element's URL instead.
    var target = e.target;
    if (target && target !== window && (target.src || target.href)) {
      errors.push('failed to load ' + (target.src || target.href));
      return;
    }
    errors.push(String(e.message || 'error') + (e.filename ? ' at ' + e.filename + ':' + e.lineno : ''));
  }, true);
  window.addEventListener('unhandledrejection', function (e) {
    var r = e.reason;
    errors.push('unhandled rejection: ' + (r && r.stack ? r.stack : String(r)));
  });
})();
