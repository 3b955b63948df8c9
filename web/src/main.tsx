import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { preloadPage } from './app/routes';
import './app/base.css';

/**
 * The API serves index.html with a fresh nonce in place of the placeholder and a CSP allowing styles with that nonce
 * only; antd's runtime styles (CSS-in-JS) are given it. Under `vite` (dev) the placeholder stays: no nonce.
 */
function cspNonce(): string | undefined {
  const content = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content;
  return content && content !== '__DUBAN_NONCE__' ? content : undefined;
}

preloadPage(window.location.pathname);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App nonce={cspNonce()} />
  </StrictMode>,
);
