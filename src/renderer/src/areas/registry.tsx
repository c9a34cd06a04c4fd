import type { ComponentType } from 'react';
import { Activity, FileCheck2, Inbox, ListChecks, type LucideIcon, Repeat, Send, Settings, Webhook } from 'lucide-react';
import type { AreaId } from '../store/ui-slice';
import { DeliveriesScreen } from './deliveries/DeliveriesScreen';
import { EndpointsScreen } from './endpoints/EndpointsScreen';
import { InboxScreen } from './inbox/InboxScreen';
import { OverviewScreen } from './overview/OverviewScreen';
import { RunsScreen } from './runs/RunsScreen';
import { SendScreen } from './send/SendScreen';
import { SettingsScreen } from './settings/SettingsScreen';
import { SignatureLab } from './signatures/SignatureLab';

export interface AreaDef {
  id: AreaId;
  label: string;
  icon: LucideIcon;
  /** Which group of the navigation it sits in. */
  group: 'receive' | 'send' | 'tools' | 'app';
  component: ComponentType;
}

/** The app's areas, in navigation order. */
export const AREAS: AreaDef[] = [
  { id: 'overview', label: 'Overview', icon: Activity, group: 'tools', component: OverviewScreen },
  {
    id: 'inbox',
    label: 'Inbox',
    icon: Inbox,
    group: 'receive',
    component: InboxScreen,
  },
  {
    id: 'endpoints',
    label: 'Endpoints',
    icon: Webhook,
    group: 'send',
    component: EndpointsScreen,
  },
  {
    id: 'send',
    label: 'Send event',
    icon: Send,
    group: 'send',
    component: SendScreen,
  },
  {
    id: 'deliveries',
    label: 'Deliveries',
    icon: ListChecks,
    group: 'send',
    component: DeliveriesScreen,
  },
  { id: 'runs', label: 'Replay runs', icon: Repeat, group: 'tools', component: RunsScreen },
  {
    id: 'signatures',
    label: 'Signature lab',
    icon: FileCheck2,
    group: 'tools',
    component: SignatureLab,
  },
  { id: 'settings', label: 'Settings', icon: Settings, group: 'app', component: SettingsScreen },
];

export const areaById = (id: AreaId): AreaDef => AREAS.find((a) => a.id === id) ?? AREAS[0];
