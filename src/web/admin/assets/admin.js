// @ts-check
// Progressive enhancement only: every admin form works without these modules.
// On the article editor they add: the unsaved-changes warning, a Markdown toolbar, a live preview,
// the tagger's companies as the text is typed (with a directory picker to pin or block), and
// autosave of drafts. Each feature is its own module; this entry finds what the page offers.
import { addAutosave } from './autosave.js';
import { addLiveCompanies } from './companies.js';
import { addCompanyPicker } from './company-picker.js';
import { required } from './dom.js';
import { editorOf } from './editor.js';
import { addLivePreview } from './preview.js';
import { addToolbar } from './toolbar.js';
import { trackUnsaved } from './unsaved.js';

const form = document.querySelector('form[data-editor]');
if (form instanceof HTMLFormElement) {
  const editor = editorOf(form);
  const unsaved = trackUnsaved(form);
  addToolbar(required(form, '#body', HTMLTextAreaElement));
  const panel = document.getElementById('live-preview');
  if (panel) addLivePreview(editor, panel);
  const companiesPanel = document.getElementById('companies');
  if (companiesPanel) {
    const companies = addLiveCompanies(editor, companiesPanel);
    const picker = document.querySelector('form[data-company-picker]');
    if (picker instanceof HTMLFormElement) addCompanyPicker(editor, picker, companies);
  }
  addAutosave(editor, unsaved);
}
