/** The panels above the charts: the open lesson's card and the run comparison. */
import { ComparePanel } from '../compare/ComparePanel';
import { LessonCard } from '../lessons/LessonCard';

export function LabPanels() {
  return (
    <>
      <LessonCard />
      <ComparePanel />
    </>
  );
}
