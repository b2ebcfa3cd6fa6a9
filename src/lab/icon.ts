/** The extension's icon: a stack of layers with a Δ. */
import { LabIcon } from '@jupyterlab/ui-components';

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <rect x="3" y="4" width="12" height="3" rx="1"/>
    <rect x="3" y="10" width="12" height="3" rx="1"/>
    <rect x="3" y="16" width="12" height="3" rx="1"/>
    <path d="M19 9l4 8h-8z"/>
  </g>
</svg>`;

export const modelSummaryIcon = new LabIcon({ name: 'jupyterlab-model-summary:icon', svgstr: svg });
