import { SidebarItem } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import DeviceHubIcon from '@material-ui/icons/DeviceHub';
import { rootRouteRef } from '../../routes';

/** Sidebar entry for the fleet dashboard. */
export const MeshSidebarItem = (props: { text?: string }) => {
  const dashboardLink = useRouteRef(rootRouteRef);
  return (
    <SidebarItem
      icon={DeviceHubIcon}
      to={dashboardLink()}
      text={props.text ?? 'Service mesh'}
    />
  );
};
