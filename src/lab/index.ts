/**
 * The JupyterLab plugins: the shared settings, the right-sidebar panel (with its commands, the main-area
 * view and the state it remembers) and the cell executor that handles `%%model_summary`. The MIME
 * renderer for saved outputs is the separate mimeExtension (mime.ts).
 */
import { ILabShell, ILayoutRestorer, type JupyterFrontEnd, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, MainAreaWidget } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IStateDB } from '@jupyterlab/statedb';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { DOMAIN, type IStrings } from '../core/i18n/strings';
import { executorPlugin } from './executor';
import { useLanguage } from './language';
import { NotebookFollower } from './follower';
import { LiveFollower } from './live';
import { modelSummaryIcon } from './icon';
import { addNotebookToolbarButtons } from './notebook7';
import { revealLocation } from './notebook';
import { ModelSummaryPanel, type IPanelState } from './panel';
import { IModelSummarySettings, PLUGIN_ID, settingsPlugin, type SettingsModel, validationOptions } from './settings';

export const COMMAND_SHOW = 'model-summary:show-panel';
export const COMMAND_OPEN_MAIN = 'model-summary:open-main-area';
export const COMMAND_VALIDATE = 'model-summary:validate';

/** The state database key of the sidebar panel's convention, open rows and scroll position. */
export const STATE_KEY = `${PLUGIN_ID}:panel`;

const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'A side panel with the Keras models of the active notebook, under the Keras and cuDNN conventions.',
  autoStart: true,
  requires: [INotebookTracker, IModelSummarySettings],
  optional: [ITranslator, ICommandPalette, ILayoutRestorer, IStateDB, ILabShell],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    settings: SettingsModel,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    state: IStateDB | null,
    labShell: ILabShell | null
  ) => {
    const trans: IStrings = (translator ?? nullTranslator).load(DOMAIN);
    // The engine speaks the page's language too (its worker gets our domain's catalogue).
    useLanguage(translator, trans);
    const follower = new NotebookFollower(tracker, settings);
    // The kernel's live models (live.ts): read after each execution while a view is visible.
    const live = new LiveFollower(tracker, settings);
    // The followers work while any of their views is visible.
    const visible = new Set<ModelSummaryPanel>();
    const views = new Set<ModelSummaryPanel>();
    const setVisible = (view: ModelSummaryPanel, shown: boolean) => {
      if (shown) visible.add(view);
      else visible.delete(view);
      follower.setActive(visible.size > 0);
      live.setActive(visible.size > 0);
    };
    live.changed.connect((_, liveState) => {
      for (const view of views) view.setLive(liveState);
      // Names the source cannot know take the kernel's values (numbers, strings, shapes: data only).
      follower.setKernelValues(liveState?.report ? liveState.report.values : undefined);
    });
    let main: MainAreaWidget<ModelSummaryPanel> | null = null;
    let restored = false;

    const createView = (inMain: boolean): ModelSummaryPanel => {
      const view: ModelSummaryPanel = new ModelSummaryPanel({
        trans,
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
        onVisibility: shown => setVisible(view, shown),
        validationSettings: () => ({
          backend: settings.value.validationBackend,
          auto: settings.value.autoValidate,
          options: validationOptions(settings.value)
        }),
        onOpenInMain: inMain ? undefined : () => void app.commands.execute(COMMAND_OPEN_MAIN),
        onStateChanged:
          inMain || !state ? undefined : s => (restored ? void state.save(STATE_KEY, s as unknown as ReadonlyPartialJSONObject) : undefined)
      });
      follower.analyzed.connect((_, analysis) => view.setAnalysis(analysis));
      follower.failed.connect((_, message) => view.showProblem(message));
      if (follower.last) view.setAnalysis(follower.last);
      if (live.state) view.setLive(live.state);
      views.add(view);
      view.disposed.connect(() => {
        views.delete(view);
        setVisible(view, false);
      });
      return view;
    };

    const panel = createView(false);
    panel.id = 'jp-model-summary-panel';
    panel.title.icon = modelSummaryIcon;
    panel.title.caption = trans.__('Model Summary');
    panel.disposed.connect(() => {
      follower.dispose();
      live.dispose();
    });

    // The convention the user last picked wins over the setting's default; the default applies until then.
    const ready = settings.ready.then(async () => {
      panel.setConvention(settings.value.defaultConvention);
      const saved = state ? ((await state.fetch(STATE_KEY).catch(() => undefined)) as Partial<IPanelState> | undefined) : undefined;
      if (saved) panel.restore(saved);
      restored = true;
    });
    void ready;

    app.shell.add(panel, 'right', { rank: 650, type: 'Model Summary' });
    restorer?.add(panel, 'jupyterlab-model-summary');

    app.commands.addCommand(COMMAND_SHOW, {
      describedBy: { args: { type: 'object', properties: {} } },
      label: trans.__('Show Model Summary'),
      caption: trans.__('Show the Keras model summary of the active notebook'),
      icon: modelSummaryIcon,
      execute: () => app.shell.activateById(panel.id)
    });
    app.commands.addCommand(COMMAND_OPEN_MAIN, {
      describedBy: { args: { type: 'object', properties: {} } },
      label: trans.__('Open Model Summary in Main Area'),
      caption: trans.__('The same summary as a tab beside the notebook, for wide tables'),
      icon: modelSummaryIcon,
      execute: () => {
        if (!main || main.isDisposed) {
          const content = createView(true);
          content.restore({ ...panel.state, scrollTop: 0 });
          main = new MainAreaWidget({ content });
          main.id = 'jp-model-summary-main';
          main.title.label = trans.__('Model Summary');
          main.title.icon = modelSummaryIcon;
          main.title.closable = true;
          app.shell.add(main, 'main', { mode: 'split-right' });
        }
        app.shell.activateById(main.id);
      }
    });
    app.commands.addCommand(COMMAND_VALIDATE, {
      describedBy: { args: { type: 'object', properties: {} } },
      label: trans.__('Validate Model Summary with TensorFlow.js'),
      caption: trans.__('Build the models of the active notebook with TensorFlow.js and run one forward pass'),
      execute: async () => {
        app.shell.activateById(panel.id);
        await panel.validate();
      }
    });
    const category = trans.__('Model Summary');
    // Notebook 7 (no ILabShell) lists every side panel in its palette as "Show <caption>" itself: one entry, not two.
    if (labShell) palette?.addItem({ command: COMMAND_SHOW, category });
    else addNotebookToolbarButtons(tracker, app.commands, COMMAND_SHOW);
    palette?.addItem({ command: COMMAND_OPEN_MAIN, category });
    palette?.addItem({ command: COMMAND_VALIDATE, category });
  }
};

const plugins: JupyterFrontEndPlugin<unknown>[] = [settingsPlugin, panelPlugin, executorPlugin];
export default plugins;
