// Entry of the web UI bundle.
import { createRoot } from 'react-dom/client';
import { App } from './components/app';
import './styles.css';

createRoot(document.getElementById('root')!).render(<App />);
