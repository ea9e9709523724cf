// pre.js - runs inside the emscripten module before main (linked with --pre-js): points the
// program at its preloaded data (/data: fonts, scenes, shaders), makes /downloads the current
// directory (where the exports are written before the page downloads them) and writes a scene
// shared in the URL's fragment (put in Module.losslensSharedScene by the page) to
// /shared/shared.ini, which the page's arguments open.
Module['preRun'] = Module['preRun'] || [];
Module['preRun'].push(function () {
  ENV['LOSSLENS_DATA_DIR'] = '/data';
  FS.mkdir('/downloads');
  FS.chdir('/downloads');
  if (Module['losslensSharedScene'] !== undefined) {
    FS.mkdir('/shared');
    FS.writeFile('/shared/shared.ini', Module['losslensSharedScene']);
  }
});
