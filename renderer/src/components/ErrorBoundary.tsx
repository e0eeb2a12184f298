import { Component, type ErrorInfo, type ReactNode } from 'react';
import { t } from '../i18n';

interface Props {
  children: ReactNode;
  /** Changing it resets the boundary (e.g. the screen name). */
  resetKey?: string;
}

interface State {
  error: Error | null;
  key: string | undefined;
}

/** Keeps a rendering error inside its screen: a message and a way back, never a blank page. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, key: undefined };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (props.resetKey !== state.key) return { key: props.resetKey, error: null };
    return null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Slicewise screen error', error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="crash" role="alert">
          <h2>{t('crash.title')}</h2>
          <p className="mono">{this.state.error.message}</p>
          <p>{t('crash.safe')}</p>
          <button className="btn" onClick={() => this.setState({ error: null })}>
            {t('crash.retry')}
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}
