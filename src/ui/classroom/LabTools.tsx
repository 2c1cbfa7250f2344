/**
 * Everything of the classroom layer that is not a panel: the tool bar, its dialogs, the keyboard shortcuts,
 * the hide flags of the link, keeping the address bar in sync and keeping paused runs. App mounts it once.
 */
import { AutoKeep } from '../compare/AutoKeep';
import { FilesDialog } from '../export/FilesDialog';
import { LessonsDialog } from '../lessons/LessonsDialog';
import { TheoryDialog } from '../theory/TheoryDialog';
import { HideStyle } from './HideStyle';
import { LinkSync } from './LinkSync';
import { ShareDialog } from './ShareDialog';
import { StepThroughDialog } from '../stepper/StepThroughDialog';
import { ShortcutsDialog, useShortcuts } from './Shortcuts';
import { ToolBar } from './ToolBar';
import './classroom.css';

export function LabTools() {
  useShortcuts();
  return (
    <>
      <ToolBar />
      <HideStyle />
      <LinkSync />
      <AutoKeep />
      <LessonsDialog />
      <TheoryDialog />
      <FilesDialog />
      <ShareDialog />
      <StepThroughDialog />
      <ShortcutsDialog />
    </>
  );
}
