export { extractDrafts, MAX_SPEECH_CHARS, speechTextProblem, type ExtractOptions, type SpeechDraft } from './extract';
export { toDirectiveBody, type DirectiveBody } from './to-directive';
