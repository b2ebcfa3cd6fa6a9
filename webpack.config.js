// Merged by JupyterLab's extension builder (package.json "jupyterlab.webpackConfig") into its own
// webpack configuration. TensorFlow.js is imported lazily with a dynamic import(), so it lands in a
// chunk of its own that is fetched only when a shape check first runs; that chunk is large by nature,
// hence no size hints.
const fs = require('fs');
const path = require('path');

// TensorFlow.js's npm packages are Apache-2.0 ("license" in their package.json, the header of every
// file) but ship no LICENSE file, and seedrandom keeps its MIT licence in its README: the builder's
// license-webpack-plugin finds no text for them and warns once per package. Their notices are written
// into the build's third-party-licenses.json here, and those warnings, answered, are dropped.
const APACHE_2 = fs.readFileSync(require.resolve('typescript/LICENSE.txt'), 'utf8');
const SEEDRANDOM_README = fs.readFileSync(path.join(path.dirname(require.resolve('seedrandom/package.json')), 'README.md'), 'utf8');
const NOTICES = {
  '@tensorflow/': `Copyright Google LLC. All Rights Reserved.\n\n${APACHE_2}`,
  seedrandom: SEEDRANDOM_README.slice(SEEDRANDOM_README.indexOf('LICENSE (MIT)')).trim()
};
const noticeOf = name => Object.entries(NOTICES).find(([prefix]) => name === prefix || (prefix.endsWith('/') && name.startsWith(prefix)))?.[1];

class LicenseNotices {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('LicenseNotices', compilation => {
      // After license-webpack-plugin writes its report (at PROCESS_ASSETS_STAGE_REPORT + 1).
      compilation.hooks.processAssets.tap({ name: 'LicenseNotices', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT + 2 }, () => {
        const file = 'third-party-licenses.json';
        const asset = compilation.getAsset(file);
        if (!asset) return;
        const report = JSON.parse(asset.source.source().toString());
        for (const pkg of report.packages) {
          if (!pkg.extractedText && noticeOf(pkg.name)) pkg.extractedText = noticeOf(pkg.name);
        }
        compilation.updateAsset(file, new compiler.webpack.sources.RawSource(JSON.stringify(report, null, 2)));
      });
    });
    compiler.hooks.done.tap('LicenseNotices', stats => {
      const answered = /license-webpack-plugin: could not find any license file for (\S+)\./;
      stats.compilation.warnings = stats.compilation.warnings.filter(w => {
        const name = answered.exec(String(w.message ?? w))?.[1];
        return !(name && noticeOf(name));
      });
    });
  }
}

module.exports = {
  performance: { hints: false },
  plugins: [new LicenseNotices()]
};
