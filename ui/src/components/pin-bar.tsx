import { useState } from 'react';
import type { Resource } from '../../../src/protocol/api';
import { versionText } from '../lib/format';

/** The pinned version with its comment (editable) and unpin, or nothing when unpinned. */
export function PinBar({ resource, onUnpin, onComment }: { resource: Resource; onUnpin: () => void; onComment: (c: string) => void }) {
  const [draft, setDraft] = useState(resource.pin_comment ?? '');
  if (!resource.pinned_version) return null;
  return (
    <div className="pin-bar" data-testid="pin-bar">
      <span>📌 pinned to <b data-testid="pinned-version">{versionText(resource.pinned_version)}</b>{resource.pinned_in_config ? ' in the pipeline config' : ''}</span>
      {!resource.pinned_in_config && (
        <>
          <input value={draft} placeholder="why is it pinned?" onChange={(e) => setDraft(e.target.value)} data-testid="pin-comment" />
          <button onClick={() => onComment(draft)} data-testid="pin-comment-save">save comment</button>
          <button onClick={onUnpin} data-testid="unpin">unpin</button>
        </>
      )}
      {resource.pin_comment && <span className="muted" data-testid="pin-comment-text">“{resource.pin_comment}”</span>}
    </div>
  );
}
