import { Button, Select, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { allowedResolutions, fixedSize, isResolution, type Resolution } from '../resolution';
import { PanelSection } from './panel-section';

const LABELS: Record<'remote' | 'scale', string> = {
  remote: 'Fit the desktop to my window',
  scale: 'Keep the desktop’s size, scale the picture',
};

function label(resolution: Resolution): string {
  const size = fixedSize(resolution);
  return size
    ? `${size.width} × ${size.height} (scaled to my window)`
    : LABELS[resolution as 'remote' | 'scale'];
}

function useFullscreen(): { fullscreen: boolean; supported: boolean; toggle: () => Promise<void> } {
  const supported =
    typeof document !== 'undefined' && typeof document.documentElement.requestFullscreen === 'function';
  const [fullscreen, setFullscreen] = useState(() => Boolean(document.fullscreenElement));
  useEffect(() => {
    const onChange = () => setFullscreen(Boolean(document.fullscreenElement));
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  const toggle = async () => {
    // The whole page, not the frame: the controls and the typing box stay on top of the session.
    if (document.fullscreenElement) await document.exitFullscreen();
    else await document.documentElement.requestFullscreen();
  };
  return { fullscreen, supported, toggle };
}

export interface DisplayWidgetProps {
  resolution: Resolution;
  onResolution: (resolution: Resolution) => void;
  /** Shared with a fixed resolution (the casting link's sharing flags): the desktop keeps its size. */
  fixedBySharing: boolean;
  /** The frame's bridge can set a fixed desktop size. */
  canSetSize: boolean;
}

/** Full screen, and how the desktop's size follows this window. */
export function DisplayWidget({ resolution, onResolution, fixedBySharing, canSetSize }: DisplayWidgetProps) {
  const { fullscreen, supported, toggle } = useFullscreen();
  const [failed, setFailed] = useState(false);
  const options = allowedResolutions(fixedBySharing, canSetSize);
  return (
    <PanelSection title="Display">
      {supported ? (
        <Button
          size="xs"
          variant="default"
          onClick={() => {
            setFailed(false);
            toggle().catch(() => setFailed(true));
          }}
        >
          {fullscreen ? 'Leave full screen' : 'Full screen'}
        </Button>
      ) : null}
      {failed ? (
        <Text size="xs" c="red" role="status">
          Your browser did not allow full screen here.
        </Text>
      ) : null}
      <Select
        size="xs"
        label="Resolution"
        data={options.map((value) => ({ value, label: label(value) }))}
        value={resolution}
        allowDeselect={false}
        disabled={options.length < 2}
        onChange={(value) => {
          if (value && isResolution(value)) onResolution(value);
        }}
        comboboxProps={{ withinPortal: false }}
      />
      {fixedBySharing ? (
        <Text size="xs" c="dimmed">
          This session is shared with a fixed resolution: the desktop keeps its size for everyone watching.
        </Text>
      ) : null}
    </PanelSection>
  );
}
