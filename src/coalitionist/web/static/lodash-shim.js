/* The two lodash functions cytoscape-edgehandles looks up on window._ (memoize, throttle); our own code. */
(function () {
  "use strict";
  if (window._ && window._.memoize && window._.throttle) { return; }
  function memoize(fn, resolver) {
    var cache = new Map();
    var m = function () {
      var key = resolver ? resolver.apply(this, arguments) : arguments[0];
      if (cache.has(key)) { return cache.get(key); }
      var v = fn.apply(this, arguments);
      cache.set(key, v);
      return v;
    };
    m.cache = cache;
    return m;
  }
  function throttle(fn, wait) {
    var last = 0, timer = null, lastArgs = null, self = null;
    function run() { last = Date.now(); timer = null; fn.apply(self, lastArgs); }
    var t = function () {
      self = this; lastArgs = arguments;
      var remaining = wait - (Date.now() - last);
      if (remaining <= 0) { if (timer) { clearTimeout(timer); timer = null; } run(); }
      else if (!timer) { timer = setTimeout(run, remaining); }
    };
    t.cancel = function () { if (timer) { clearTimeout(timer); } timer = null; };
    return t;
  }
  window._ = Object.assign(window._ || {}, { memoize: memoize, throttle: throttle });
})();
