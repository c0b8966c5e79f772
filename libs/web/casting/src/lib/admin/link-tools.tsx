import {
  ActionIcon,
  Anchor,
  Button,
  CopyButton,
  Group,
  Image,
  Modal,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import QRCode from 'qrcode';
import { IconCheck, IconCopy, IconQrCode } from '@caster/web/ui';
import { useEffect, useState } from 'react';

/** Copies the text; says so for a moment, or says it could not (no clipboard outside HTTPS). */
export function CopyLinkButton({ value, label = 'Copy link' }: { value: string; label?: string }) {
  return (
    <CopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : label} withArrow position="top">
          <ActionIcon
            variant="subtle"
            color={copied ? 'teal' : 'gray'}
            onClick={copy}
            aria-label={copied ? 'Copied' : label}
          >
            {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

function QrImage({ value, name }: { value: string; name: string }) {
  const [image, setImage] = useState<{ for: string; src: string } | { for: string; failed: true } | null>(
    null,
  );
  useEffect(() => {
    let cancelled = false;
    QRCode.toDataURL(value, { margin: 1, width: 280, errorCorrectionLevel: 'M' }).then(
      (src) => !cancelled && setImage({ for: value, src }),
      () => !cancelled && setImage({ for: value, failed: true }),
    );
    return () => {
      cancelled = true;
    };
  }, [value]);
  if (!image || image.for !== value) return <Text size="sm">Drawing the QR code…</Text>;
  if ('failed' in image) return <Text size="sm">The QR code could not be drawn for this link.</Text>;
  return (
    <Stack align="center" gap="xs">
      <Image src={image.src} alt={`QR code for ${value}`} w={280} h={280} data-testid="cast-qr" />
      <Anchor href={image.src} download={`cast-${name}.png`} size="sm">
        Download as PNG
      </Anchor>
    </Stack>
  );
}

/** Opens the link as a QR code, for posters and slides; drawn only when asked for. */
export function QrCodeButton({ value, name }: { value: string; name: string }) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Tooltip label="Show QR code" withArrow position="top">
        <ActionIcon variant="subtle" color="gray" onClick={open} aria-label={`Show QR code for ${name}`}>
          <IconQrCode size={18} />
        </ActionIcon>
      </Tooltip>
      <Modal opened={opened} onClose={close} title={`QR code: ${name}`} centered>
        <Stack align="center" gap="sm">
          {opened ? <QrImage value={value} name={name} /> : null}
          <Text size="xs" c="dimmed" ta="center" style={{ wordBreak: 'break-all' }}>
            {value}
          </Text>
          <Button variant="default" onClick={close}>
            Close
          </Button>
        </Stack>
      </Modal>
    </>
  );
}

/** The link as text, with copy and QR buttons beside it. */
export function CastLink({ url, name, size = 'sm' }: { url: string; name: string; size?: 'xs' | 'sm' }) {
  return (
    <Group gap={4} wrap="nowrap">
      {/* Text, not a link: one stray click would launch a session and spend the link's budget. */}
      <Text size={size} ff="monospace" style={{ wordBreak: 'break-all' }} data-testid="cast-url">
        {url}
      </Text>
      <CopyLinkButton value={url} />
      <QrCodeButton value={url} name={name} />
    </Group>
  );
}
