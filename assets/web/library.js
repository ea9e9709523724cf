// library.js - the C side's calls into the page (src/app/platform_web.c; linked with
// --js-library). The page's shell (shell.html) sets Module.losslensExported and
// Module.losslensFirstFrame; Module.losslensFrames counts the frames shown.
mergeInto(LibraryManager.library, {
  // An export was written to path: its bytes and file name go to the page.
  losslens_web_exported__deps: ['$FS'],
  losslens_web_exported: function (path) {
    var p = UTF8ToString(path);
    var name = p.split('/').pop();
    if (Module['losslensExported']) Module['losslensExported'](name, FS.readFile(p));
    try { FS.unlink(p); } catch (e) { /* the page has it; keep memory free */ }
  },
  // Frame number frames is on screen (1: the first).
  losslens_web_frame: function (frames) {
    Module['losslensFrames'] = frames;
    if (frames == 1 && Module['losslensFirstFrame']) Module['losslensFirstFrame']();
  },
});
