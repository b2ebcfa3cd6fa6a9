// Merged by JupyterLab's extension builder (package.json "jupyterlab.webpackConfig") into its own
// webpack configuration. TensorFlow.js is imported lazily with a dynamic import(), so it lands in a
// chunk of its own that is fetched only when a shape check first runs; that chunk is large by nature,
// hence no size hints.
module.exports = {
  performance: { hints: false }
};
