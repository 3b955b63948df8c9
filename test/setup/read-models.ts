import { afterAll } from 'vitest';
import { closeTempReadModels } from '../support/read-model';

// Every read model a test file opened is closed and its database dropped when the file is done.
afterAll(closeTempReadModels);
