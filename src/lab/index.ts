/**
 * The JupyterLab plugins: the side panel (with its command and settings) and the cell executor that
 * handles `%%model_summary`. The MIME renderer for saved outputs is the separate mimeExtension (mime.ts).
 */
import { ILayoutRestorer, type JupyterFrontEnd, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { executorPlugin } from './executor';
import { NotebookFollower } from './follower';
import { LiveFollower } from './live';
import { modelSummaryIcon } from './icon';
import { revealLocation } from './notebook';
import { ModelSummaryPanel } from './panel';
import { PLUGIN_ID, SettingsModel, validationOptions } from './settings';

export const COMMAND_SHOW = 'model-summary:show-panel';
export const COMMAND_VALIDATE = 'model-summary:validate';

const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'A side panel with the Keras models of the active notebook, under the Keras and cuDNN conventions.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ISettingRegistry, ICommandPalette, ILayoutRestorer],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    registry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null
  ) => {
    const settings = new SettingsModel();
    const follower = new NotebookFollower(tracker, settings);
    const live = new LiveFollower(tracker, settings);
    const panel = new ModelSummaryPanel({
      convention: settings.value.defaultConvention,
      onNavigate: location => {
        const notebook = follower.current;
        if (!notebook) return;
        app.shell.activateById(notebook.id);
        void revealLocation(notebook, location);
      },
      onRefresh: () => {
        follower.refresh();
        live.refresh();
      },
      onVisibility: visible => {
        follower.setActive(visible);
        live.setActive(visible);
      },
      validationSettings: () => ({ backend: settings.value.validationBackend, auto: settings.value.autoValidate, options: validationOptions(settings.value) })
    });
    panel.id = 'jp-model-summary-panel';
    panel.title.icon = modelSummaryIcon;
    panel.title.caption = 'Model Summary';
    follower.analyzed.connect((_, analysis) => panel.setAnalysis(analysis));
    follower.failed.connect((_, message) => panel.showProblem(message));
    live.changed.connect((_, state) => {
      panel.setLive(state);
      // Names the source cannot know take the kernel's values (numbers, strings, shapes: data only).
      if (state?.report) follower.setKernelValues(state.report.values);
      else if (!state) follower.setKernelValues(undefined);
    });
    panel.disposed.connect(() => {
      follower.dispose();
      live.dispose();
    });
    void settings.connect(registry).then(() => panel.setConvention(settings.value.defaultConvention));

    app.shell.add(panel, 'right', { rank: 650, type: 'Model Summary' });
    restorer?.add(panel, 'jupyterlab-model-summary');

    app.commands.addCommand(COMMAND_SHOW, {
      label: 'Show Model Summary',
      caption: 'Show the Keras model summary of the active notebook',
      icon: modelSummaryIcon,
      execute: () => app.shell.activateById(panel.id)
    });
    app.commands.addCommand(COMMAND_VALIDATE, {
      label: 'Validate Model Summary with TensorFlow.js',
      caption: 'Build the models of the active notebook with TensorFlow.js and run one forward pass',
      execute: async () => {
        app.shell.activateById(panel.id);
        await panel.validate();
      }
    });
    palette?.addItem({ command: COMMAND_SHOW, category: 'Model Summary' });
    palette?.addItem({ command: COMMAND_VALIDATE, category: 'Model Summary' });
  }
};

const plugins: JupyterFrontEndPlugin<unknown>[] = [panelPlugin, executorPlugin];
export default plugins;
