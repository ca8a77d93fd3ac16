// The operator's web page (issue 15): built by scripts/buildWeb.ts into dist/web, served at / by
// the manager.
import { render } from 'preact';
import { App } from './App.tsx';
import './styles.css';

const root = document.getElementById('app');
if (root !== null) render(<App />, root);
