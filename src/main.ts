import { installTrustedTypes } from './ui/lib/trusted_types';
import { mount } from 'svelte';
import App from './ui/App.svelte';
import { api } from './ui/lib/api';
import './ui/app.css';

installTrustedTypes();
// The worker API for the browser console and end-to-end tests (what the page itself uses; no extra power).
Object.defineProperty(window, '__promtabTest', { value: { api } });
mount(App, { target: document.getElementById('app')! });
