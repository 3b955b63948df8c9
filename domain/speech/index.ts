export { extractDrafts, type ExtractOptions, type SpeechDraft } from './extract';
export { toDirectiveBody, type DirectiveBody } from './to-directive';
